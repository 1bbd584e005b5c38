using System.Numerics;
using Yunying.Core.Results;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Query.Funnels;

/// <summary>
/// The rows a funnel reads, grouped by person: for person <c>p</c>, entries <c>Start[p] … Start[p+1]-1</c> of
/// the flat columns (time, step mask, link code, breakdown code). Within a person the entries are in the
/// order the segments were read, not yet in time order (the matcher sorts each person's few rows).
/// <para>Built in two parallel passes: every segment's matching rows are gathered into a chunk (one row
/// bitmap per distinct filter, their union, then a step mask per row), then a counting sort by person
/// scatters the chunks into the flat columns, each worker owning a range of persons.</para>
/// </summary>
internal sealed class FunnelEvents
{
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

    public static Result<FunnelEvents> Gather(FunnelPlan plan, QueryContext context)
    {
        var segments = context.Snapshot.Segments;
        var chunks = new Chunk?[segments.Count];
        Parallel.For(
            0,
            segments.Count,
            context.ParallelOptions,
            () => new Gatherer(plan),
            (i, _, gatherer) =>
            {
                chunks[i] = gatherer.Gather(segments[i], context);
                return gatherer;
            },
            _ => { });

        long total = 0;
        var personSpace = context.PersonSpace;
        var counts = new int[personSpace + 1];
        foreach (var chunk in chunks)
        {
            if (chunk is null)
            {
                continue;
            }

            total += chunk.Count;
            foreach (var person in chunk.Person.AsSpan(0, chunk.Count))
            {
                counts[person + 1]++;
            }
        }

        if (total > Array.MaxLength / 2)
        {
            return QueryErrors.TooLarge("The funnel reads too many events; narrow the date range or the steps' filters.");
        }

        for (var p = 0; p < personSpace; p++)
        {
            counts[p + 1] += counts[p];
        }

        var n = (int)total;
        var time = new long[n];
        var mask = new uint[n];
        var link = plan.Link is null ? null : new int[n];
        var code = plan.Breakdown is null ? null : new int[n];
        var result = new FunnelEvents(counts, time, mask, link, code);
        var ranges = Partition(counts, Math.Max(1, context.ParallelOptions.MaxDegreeOfParallelism));
        Parallel.For(0, ranges.Length - 1, context.ParallelOptions, r => result.Scatter(chunks, ranges[r], ranges[r + 1]));
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

    /// <summary>Writes every chunk entry of the persons in [<paramref name="from"/>, <paramref name="to"/>) to its place.</summary>
    private void Scatter(Chunk?[] chunks, int from, int to)
    {
        var cursor = Start.AsSpan(from, to - from).ToArray();
        var time = Time;
        var mask = Mask;
        var link = Link;
        var code = Code;
        foreach (var chunk in chunks)
        {
            if (chunk is null)
            {
                continue;
            }

            var persons = chunk.Person.AsSpan(0, chunk.Count);
            for (var i = 0; i < persons.Length; i++)
            {
                var local = persons[i] - from;
                if ((uint)local >= (uint)cursor.Length)
                {
                    continue;
                }

                var at = cursor[local]++;
                time[at] = chunk.Time[i];
                mask[at] = chunk.Mask[i];
                if (link is not null)
                {
                    link[at] = chunk.Link![i];
                }

                if (code is not null)
                {
                    code[at] = chunk.Code![i];
                }
            }
        }
    }

    /// <summary>The rows of one segment that the funnel reads.</summary>
    private sealed class Chunk(int count, bool link, bool code)
    {
        public int Count { get; } = count;

        public int[] Person { get; } = new int[count];

        public long[] Time { get; } = new long[count];

        public uint[] Mask { get; } = new uint[count];

        public int[]? Link { get; } = link ? new int[count] : null;

        public int[]? Code { get; } = code ? new int[count] : null;
    }

    /// <summary>One worker's reusable row bitmaps.</summary>
    private sealed class Gatherer(FunnelPlan plan)
    {
        private readonly ulong[][] _rows = new ulong[plan.Filters.Length][];
        private readonly int[] _used = new int[plan.Filters.Length];
        private ulong[] _union = [];

        public Chunk? Gather(SegmentView segment, QueryContext context)
        {
            var n = segment.RowCount;
            var words = RowBits.Words(n);
            if (_union.Length < words)
            {
                _union = new ulong[words];
                for (var f = 0; f < _rows.Length; f++)
                {
                    _rows[f] = new ulong[words];
                }
            }

            var used = 0;
            for (var f = 0; f < _rows.Length; f++)
            {
                if (plan.Filters[f].Evaluate(segment, plan.Scan, _rows[f]) > 0)
                {
                    _used[used++] = f;
                }
            }

            if (used == 0)
            {
                return null;
            }

            var union = _union.AsSpan(0, words);
            _rows[_used[0]].AsSpan(0, words).CopyTo(union);
            for (var u = 1; u < used; u++)
            {
                var rows = _rows[_used[u]];
                for (var w = 0; w < words; w++)
                {
                    union[w] |= rows[w];
                }
            }

            var chunk = new Chunk((int)RowBits.Count(union), plan.Link is not null, plan.Breakdown is not null);
            var timestamps = segment.Timestamps;
            var ordinals = segment.DistinctOrdinals;
            var links = plan.Link is { } linkValues ? linkValues.Bind(segment) : default;
            var codes = plan.Breakdown is { } breakdownValues ? breakdownValues.Bind(segment) : default;
            var at = 0;
            var lastOrdinal = -1;
            var lastPerson = -1;
            for (var w = 0; w < words; w++)
            {
                var bits = union[w];
                while (bits != 0)
                {
                    var b = BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    var row = (w << 6) + b;
                    uint mask = 0;
                    for (var u = 0; u < used; u++)
                    {
                        var f = _used[u];
                        if ((_rows[f][w] & (1UL << b)) != 0)
                        {
                            mask |= plan.FilterBits[f];
                        }
                    }

                    var ordinal = ordinals[row];
                    if (ordinal != lastOrdinal)
                    {
                        lastOrdinal = ordinal;
                        lastPerson = context.PersonOf(ordinal);
                    }

                    chunk.Person[at] = lastPerson;
                    chunk.Time[at] = timestamps[row];
                    chunk.Mask[at] = mask;
                    if (chunk.Link is { } linkColumn)
                    {
                        linkColumn[at] = links.CodeAt(row);
                    }

                    if (chunk.Code is { } codeColumn)
                    {
                        codeColumn[at] = codes.CodeAt(row);
                    }

                    at++;
                }
            }

            return chunk;
        }
    }
}
