using System.Globalization;
using System.Runtime.CompilerServices;
using Yunying.Core.Results;

namespace Yunying.Analytics.Query;

/// <summary>
/// The intervals of a period in the project's time zone, and the mapping from an event's UTC microseconds
/// to its interval index. Buckets follow the local calendar (a day is local midnight to local midnight, a
/// week starts on Monday, a month on the 1st); hours are real hours starting at a local hour. The first
/// and last bucket are cut to the period when it does not start or end on an interval boundary, but keep
/// the label of the whole interval.
/// </summary>
public sealed class TimeBuckets
{
    /// <summary>Most buckets one query may ask for.</summary>
    public const int MaxBuckets = 20_000;

    private const long SlotWidth = 15 * 60 * 1_000_000L; // every time-zone offset in use is a multiple of 15 minutes
    private const int MaxSlots = 1 << 20;

    private readonly long[] _bounds;
    private readonly int[] _slotBucket;
    private readonly long _slotWidth;

    private TimeBuckets(Interval interval, TimeRange range, long[] bounds, DateTimeOffset[] starts)
    {
        Interval = interval;
        Range = range;
        _bounds = bounds;
        Starts = starts;
        var span = bounds[^1] - bounds[0];
        _slotWidth = Math.Max(SlotWidth, (span / MaxSlots) + 1);
        _slotBucket = new int[(int)((span + _slotWidth - 1) / _slotWidth) + 1];
        var bucket = 0;
        for (var s = 0; s < _slotBucket.Length; s++)
        {
            var t = bounds[0] + (s * _slotWidth);
            while (bucket < bounds.Length - 2 && t >= bounds[bucket + 1])
            {
                bucket++;
            }

            _slotBucket[s] = bucket;
        }
    }

    public Interval Interval { get; }

    /// <summary>The period the buckets cover.</summary>
    public TimeRange Range { get; }

    /// <summary>Number of buckets.</summary>
    public int Count => Starts.Count;

    /// <summary>Bucket <c>i</c> holds <c>Bounds[i] ≤ t &lt; Bounds[i+1]</c> (UTC µs); <c>Count + 1</c> entries.</summary>
    public ReadOnlySpan<long> Bounds => _bounds;

    /// <summary>The local start of each bucket's whole interval, with the offset in force then.</summary>
    public IReadOnlyList<DateTimeOffset> Starts { get; }

    /// <summary>
    /// Builds the buckets of <paramref name="range"/>. Fails when there would be more than <see cref="MaxBuckets"/>.
    /// </summary>
    public static Result<TimeBuckets> Create(ZonedCalendar calendar, TimeRange range, Interval interval)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var bounds = new List<long> { range.From };
        var starts = new List<DateTimeOffset>();
        var local = ZonedCalendar.IntervalStart(calendar.ToLocal(range.From), interval);
        var start = calendar.ToMicros(local);
        if (interval == Interval.Hour)
        {
            // The real hour holding the start, by its local offset (so a repeated local hour is not confused).
            var offset = (long)calendar.ToOffset(range.From).Offset.TotalMicroseconds;
            start = range.From - Mod(range.From + offset, 3_600_000_000L);
        }

        while (true)
        {
            starts.Add(calendar.ToOffset(start));
            if (starts.Count > MaxBuckets)
            {
                return QueryErrors.TooLarge($"The date range has more than {MaxBuckets} {interval.ToString().ToLowerInvariant()} intervals; choose a wider interval or a shorter range.");
            }

            var next = calendar.Shift(start, interval, 1);
            if (interval != Interval.Hour)
            {
                // Calendar steps from the aligned local start, so a 23- or 25-hour day stays one day.
                local = ZonedCalendar.AddIntervals(local, interval, 1);
                next = calendar.ToMicros(local);
            }

            if (next >= range.To)
            {
                bounds.Add(range.To);
                break;
            }

            bounds.Add(next);
            start = next;
        }

        return new TimeBuckets(interval, range, [.. bounds], [.. starts]);
    }

    /// <summary>The bucket holding <paramref name="micros"/>, or -1 outside the period.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf(long micros)
    {
        var offset = micros - _bounds[0];
        if (offset < 0 || micros >= _bounds[^1])
        {
            return -1;
        }

        var bucket = _slotBucket[(int)(offset / _slotWidth)];
        while (micros >= _bounds[bucket + 1])
        {
            bucket++;
        }

        return bucket;
    }

    private static long Mod(long value, long divisor) => ((value % divisor) + divisor) % divisor;

    /// <summary>A short local label: <c>2026-11-01</c> for days, weeks (their Monday) and months (their 1st), <c>2026-11-01 13:00</c> for hours.</summary>
    public string Label(int bucket) => Interval == Interval.Hour
        ? Starts[bucket].ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        : Starts[bucket].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Every bucket's <see cref="Label"/>.</summary>
    public string[] Labels()
    {
        var labels = new string[Count];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = Label(i);
        }

        return labels;
    }
}
