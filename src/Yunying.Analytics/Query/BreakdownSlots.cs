namespace Yunying.Analytics.Query;

/// <summary>
/// The buckets a breakdown reports and the bucket (slot) of every code: the <see cref="Breakdown.Limit"/>
/// values with the most volume (ties by value text, ordinal), then "(none)" for rows without the value, then
/// "(other)" for the rest. The last two are always there (a compared period may need them); analyses leave
/// them out of their answer when nothing fell in them.
/// </summary>
public sealed class BreakdownSlots
{
    private readonly int[] _slotOfCode;

    private BreakdownSlots(int[] slotOfCode, BreakdownBucket[] buckets)
    {
        _slotOfCode = slotOfCode;
        Buckets = buckets;
    }

    /// <summary>Output buckets in order; slot <c>i</c> is <c>Buckets[i]</c>.</summary>
    public IReadOnlyList<BreakdownBucket> Buckets { get; }

    public int Count => Buckets.Count;

    /// <summary>One bucket for everything (no breakdown).</summary>
    public static BreakdownSlots Single { get; } = new([], [new BreakdownBucket(string.Empty, BreakdownBucketKind.Value)]);

    /// <summary>The slot of a code (any code at or beyond the counted ones is "(other)"; without a breakdown, 0).</summary>
    public int SlotOf(int code) => (uint)code < (uint)_slotOfCode.Length ? _slotOfCode[code] : Count - 1;

    /// <summary>Chooses the buckets from <paramref name="volumes"/> (indexed by code) for <paramref name="values"/>.</summary>
    public static BreakdownSlots Select(BreakdownValues values, ReadOnlySpan<long> volumes)
    {
        ArgumentNullException.ThrowIfNull(values);
        var limit = values.Breakdown.Limit;
        var candidates = new List<(int Code, long Volume, string Label)>();
        for (var code = 1; code < volumes.Length; code++)
        {
            if (volumes[code] > 0)
            {
                candidates.Add((code, volumes[code], values.Label(code)));
            }
        }

        candidates.Sort(static (a, b) => a.Volume != b.Volume ? b.Volume.CompareTo(a.Volume) : string.CompareOrdinal(a.Label, b.Label));
        var buckets = new List<BreakdownBucket>();
        var slotOfCode = new int[Math.Max(volumes.Length, values.CodeSpace)];
        var kept = Math.Min(limit, candidates.Count);
        for (var i = 0; i < kept; i++)
        {
            buckets.Add(new BreakdownBucket(candidates[i].Label, BreakdownBucketKind.Value));
        }

        var none = buckets.Count;
        buckets.Add(new BreakdownBucket(BreakdownBucket.NoneLabel, BreakdownBucketKind.None));

        // "(other)" is always the last slot, so codes that only appear later (a compared period) land there.
        var other = buckets.Count;
        buckets.Add(new BreakdownBucket(BreakdownBucket.OtherLabel, BreakdownBucketKind.Other));
        Array.Fill(slotOfCode, other);
        for (var i = 0; i < kept; i++)
        {
            slotOfCode[candidates[i].Code] = i;
        }

        slotOfCode[BreakdownValues.None] = none;
        return new BreakdownSlots(slotOfCode, [.. buckets]);
    }
}
