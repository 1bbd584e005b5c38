using System.Numerics;
using Yunying.Core.Results;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Query.Funnels;

/// <summary>
/// The rows a funnel reads, grouped by person: for person <c>p</c>, entries <c>Start[p] … Start[p+1]-1</c> of
/// the flat columns (time, step mask, link code, breakdown code). Within a person the entries are in the
/// order the segments were read, not yet in time order (the matcher sorts each person's few rows).
/// <para>Built in two parallel passes, each worker owning a fixed set of segments. The first evaluates, per
/// segment, one row bitmap per distinct filter and their union, keeps them, and counts each person's rows in
/// the worker's own array; prefix sums over (person, worker) turn the counts into each worker's write
/// cursors, and the second pass walks the kept bitmaps again and writes every row straight to its place: a
/// counting sort by person without an intermediate copy of the rows or atomics.</para>
/// </summary>
internal sealed class FunnelEvents
{
    /// <summary>Marks per person in pass 1: a first-step row in the entry period; a row of any later step or exclusion.</summary>
    private const byte Entry = 1, Later = 2;

    private FunnelEvents(int[] start, long[] time, uint[] mask, int[]? link, int[]? code)
    {
        Start = start;
        Time = time;
        Mask = mask;
        Link = link;
        Code = code;
    }

    /// <summary>Offsets per person ordinal (length person space + 1).</summary>
    public int[] Start { get; }

    public long[] Time { get; }

    public uint[] Mask { get; }

    /// <summary>Link-property code per entry (see <see cref="BreakdownValues"/>); null without a link property.</summary>
    public int[]? Link { get; }

    /// <summary>Breakdown code per entry; null without a breakdown.</summary>
    public int[]? Code { get; }

    public int PersonCount => Start.Length - 1;

    /// <summary>
    /// Persons left out of the columns because nothing but first-step rows of theirs was read and one of them
    /// is in the entry period: each reached step 0 and no further, whatever the matcher would do with them.
    /// Only counted when the answer needs no more of them (no breakdown, link property, trend or people list).
    /// </summary>
    public long FirstStepOnly { get; private init; }

    public static Result<FunnelEvents> Gather(FunnelPlan plan, QueryContext context)
    {
        var segments = context.Snapshot.Segments;
        var personSpace = context.PersonSpace;

        // Each worker owns a run of consecutive segments holding about as many rows as the others, so its row
        // counts per person become its own write cursors (no atomics, no intermediate copy of the rows), and a
        // person's rows land in segment order, which is time order, so the matcher seldom has to sort them.
        var workers = Math.Max(1, Math.Min(context.ParallelOptions.MaxDegreeOfParallelism, segments.Count));
        var owned = new List<int>[workers];
        for (var w = 0; w < workers; w++)
        {
            owned[w] = [];
        }

        long allRows = segments.Sum(v => (long)v.RowCount);
        long before = 0;
        for (var s = 0; s < segments.Count; s++)
        {
            var w = allRows == 0 ? 0 : (int)Math.Min(workers - 1, (before + (segments[s].RowCount / 2)) * workers / allRows);
            owned[w].Add(s);
            before += segments[s].RowCount;
        }

        // Pass 1: per segment, the filters' row bitmaps (kept: a bit per row and filter) and rows per person.
        // Where the answer is counts alone, persons with first-step rows only are counted here and not placed:
        // on a wide first step (page views) they are most of the rows.
        var countOnly = plan.Breakdown is null && plan.Link is null && plan.Trend is null && plan.Query.People is null;
        var selected = new SegmentRows?[segments.Count];
        var cursors = new int[workers][];
        var marks = new byte[workers][];
        Parallel.For(0, workers, context.ParallelOptions, w =>
        {
            var perPerson = new int[personSpace];
            var personMarks = countOnly ? new byte[personSpace] : null;
            foreach (var s in owned[w])
            {
                selected[s] = SegmentRows.Select(plan, segments[s], context, perPerson, personMarks);
            }

            cursors[w] = perPerson;
            marks[w] = personMarks!;
        });

        // Prefix sums over (person, worker): each worker's first slot per person.
        var start = new int[personSpace + 1];
        var skip = countOnly ? new bool[personSpace] : null;
        long total = 0;
        long firstStepOnly = 0;
        for (var p = 0; p < personSpace; p++)
        {
            start[p] = (int)total;
            if (skip is not null)
            {
                byte mark = 0;
                foreach (var personMarks in marks)
                {
                    mark |= personMarks[p];
                }

                if ((mark & Later) == 0)
                {
                    skip[p] = true;
                    firstStepOnly += mark & Entry;
                    foreach (var cursor in cursors)
                    {
                        cursor[p] = (int)total;
                    }

                    continue;
                }
            }

            foreach (var cursor in cursors)
            {
                var count = cursor[p];
                cursor[p] = (int)total;
                total += count;
            }

            if (total > Array.MaxLength / 2)
            {
                return QueryErrors.TooLarge("The funnel reads too many events; narrow the date range or the steps' filters.");
            }
        }

        start[personSpace] = (int)total;
        var n = (int)total;
        var result = new FunnelEvents(start, new long[n], new uint[n], plan.Link is null ? null : new int[n], plan.Breakdown is null ? null : new int[n])
        {
            FirstStepOnly = firstStepOnly,
        };

        // Pass 2: the same workers walk their kept bitmaps again and write every row straight to its place.
        Parallel.For(0, workers, context.ParallelOptions, w =>
        {
            foreach (var s in owned[w])
            {
                if (selected[s] is { } rows)
                {
                    result.Place(plan, context, segments[s], rows, cursors[w], skip);
                }
            }
        });
        return result;
    }

    /// <summary>Splits persons into <paramref name="parts"/> ranges holding about as many entries each; returns the boundaries.</summary>
    public static int[] Partition(int[] start, int parts)
    {
        var persons = start.Length - 1;
        var total = start[^1];
        var bounds = new List<int> { 0 };
        var p = 0;
        for (var i = 1; i < parts; i++)
        {
            var target = (long)total * i / parts;
            while (p < persons && start[p] < target)
            {
                p++;
            }

            if (p > bounds[^1])
            {
                bounds.Add(p);
            }
        }

        if (bounds[^1] != persons || bounds.Count == 1)
        {
            bounds.Add(persons);
        }

        return [.. bounds];
    }

    /// <summary>Writes one segment's selected rows to their places, advancing the owning worker's <paramref name="cursor"/> per person.</summary>
    private void Place(FunnelPlan plan, QueryContext context, SegmentView segment, SegmentRows rows, int[] cursor, bool[]? skip)
    {
        var timestamps = segment.Timestamps;
        var ordinals = segment.DistinctOrdinals;
        var links = plan.Link is { } linkValues ? linkValues.Bind(segment) : default;
        var codes = plan.Breakdown is { } breakdownValues ? breakdownValues.Bind(segment) : default;
        var time = Time;
        var mask = Mask;
        var link = Link;
        var code = Code;
        var union = rows.Union;
        var lastOrdinal = -1;
        var person = -1;
        var skipped = false;
        for (var w = 0; w < union.Length; w++)
        {
            var bits = union[w];
            while (bits != 0)
            {
                var b = BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                var row = (w << 6) + b;
                var ordinal = ordinals[row];
                if (ordinal != lastOrdinal)
                {
                    lastOrdinal = ordinal;
                    person = context.PersonOf(ordinal);
                    skipped = skip is not null && skip[person];
                }

                if (skipped)
                {
                    continue;
                }

                var at = cursor[person]++;
                time[at] = timestamps[row];
                mask[at] = rows.MaskAt(w, b);
                if (link is not null)
                {
                    link[at] = links.CodeAt(row);
                }

                if (code is not null)
                {
                    code[at] = codes.CodeAt(row);
                }
            }
        }
    }

    /// <summary>Sets <paramref name="mark"/> for the person of every row of <paramref name="bitmap"/> before <paramref name="before"/>.</summary>
    private static void Mark(ulong[] bitmap, SegmentView segment, QueryContext context, byte[] marks, byte mark, long before)
    {
        var ordinals = segment.DistinctOrdinals;
        var timestamps = segment.Timestamps;
        var timed = segment.MaxTimestamp >= before;
        var lastOrdinal = -1;
        for (var w = 0; w < bitmap.Length; w++)
        {
            var bits = bitmap[w];
            while (bits != 0)
            {
                var row = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                var ordinal = ordinals[row];
                if (ordinal != lastOrdinal && (!timed || timestamps[row] < before))
                {
                    lastOrdinal = ordinal;
                    marks[context.PersonOf(ordinal)] |= mark;
                }
            }
        }
    }

    /// <summary>The rows of one segment that the funnel reads: one bitmap per filter that matched anything, and their union.</summary>
    private sealed class SegmentRows(ulong[] union, ulong[][] rows, uint[] bits)
    {
        public ulong[] Union { get; } = union;

        /// <summary>The step and exclusion bits of the row at bit <paramref name="b"/> of word <paramref name="w"/>.</summary>
        public uint MaskAt(int w, int b)
        {
            uint mask = 0;
            for (var f = 0; f < rows.Length; f++)
            {
                if ((rows[f][w] & (1UL << b)) != 0)
                {
                    mask |= bits[f];
                }
            }

            return mask;
        }

        /// <summary>
        /// Evaluates every filter on <paramref name="segment"/> and counts the selected rows per person into
        /// <paramref name="perPerson"/>; with <paramref name="marks"/>, also marks who has a first-step row in the
        /// entry period (<see cref="Entry"/>) and who has a row of any other step or exclusion (<see cref="Later"/>).
        /// </summary>
        public static SegmentRows? Select(FunnelPlan plan, SegmentView segment, QueryContext context, int[] perPerson, byte[]? marks)
        {
            var words = RowBits.Words(segment.RowCount);
            var used = new List<ulong[]>();
            var usedBits = new List<uint>();
            for (var f = 0; f < plan.Filters.Length; f++)
            {
                var bitmap = new ulong[words];
                if (plan.Filters[f].Evaluate(segment, plan.Scan, bitmap) > 0)
                {
                    used.Add(bitmap);
                    usedBits.Add(plan.FilterBits[f]);
                }
            }

            if (used.Count == 0)
            {
                return null;
            }

            var union = used[0];
            if (used.Count > 1)
            {
                union = new ulong[words];
                foreach (var bitmap in used)
                {
                    for (var w = 0; w < words; w++)
                    {
                        union[w] |= bitmap[w];
                    }
                }
            }

            var ordinals = segment.DistinctOrdinals;
            var lastOrdinal = -1;
            var person = -1;
            for (var w = 0; w < words; w++)
            {
                var bits = union[w];
                while (bits != 0)
                {
                    var ordinal = ordinals[(w << 6) + BitOperations.TrailingZeroCount(bits)];
                    bits &= bits - 1;
                    if (ordinal != lastOrdinal)
                    {
                        lastOrdinal = ordinal;
                        person = context.PersonOf(ordinal);
                    }

                    perPerson[person]++;
                }
            }

            if (marks is not null)
            {
                for (var f = 0; f < used.Count; f++)
                {
                    if ((usedBits[f] & ~1u) != 0)
                    {
                        Mark(used[f], segment, context, marks, Later, long.MaxValue);
                    }

                    if ((usedBits[f] & 1u) != 0)
                    {
                        Mark(used[f], segment, context, marks, Entry, plan.Range.To);
                    }
                }
            }

            return new SegmentRows(union, [.. used], [.. usedBits]);
        }
    }
}
