using System.Numerics;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Query.Paths;

/// <summary>
/// The step rows of a paths query grouped by person: one parallel pass over the segments gathers
/// (person, time, raw code) for every row that passes the filter and is a step, counting rows per person as
/// it goes; a counting sort by person then places each worker's rows without locks; each person's rows are
/// left to be ordered by (time, step code) by whoever walks them.
/// </summary>
internal sealed class PathRows
{
    private PathRows(int[] starts, long[] times, int[] codes, string[] names)
    {
        Starts = starts;
        Times = times;
        Codes = codes;
        Names = names;
    }

    /// <summary>Person p's rows are <c>Starts[p] … Starts[p+1]-1</c>.</summary>
    public int[] Starts { get; }

    public long[] Times { get; }

    /// <summary>Step codes (names in ordinal order; <see cref="PathSteps.NotStep"/> for excluded names).</summary>
    public int[] Codes { get; }

    /// <summary>The name of each step code.</summary>
    public string[] Names { get; }

    public int PersonCount => Starts.Length - 1;

    /// <summary>
    /// Gathers the rows of <paramref name="filter"/> in <paramref name="range"/> that are steps, of the persons
    /// set in <paramref name="persons"/> (every person when null).
    /// </summary>
    public static PathRows Gather(QueryContext context, EventFilter filter, TimeRange range, PathSteps steps, bool[]? persons)
    {
        var personSpace = context.PersonSpace;
        var used = new byte[steps.RawSpace];
        var workers = new List<Worker>();
        var gate = new Lock();
        if (!filter.MatchesNothing)
        {
            Parallel.ForEach(
                context.Snapshot.Segments,
                context.ParallelOptions,
                () => new Worker(personSpace),
                (segment, _, worker) =>
                {
                    Scan(context, filter, range, steps, persons, segment, worker, used);
                    return worker;
                },
                worker =>
                {
                    lock (gate)
                    {
                        workers.Add(worker);
                    }
                });
        }

        context.CancellationToken.ThrowIfCancellationRequested();
        var (canonical, names) = steps.Canonical(used);

        // Each worker's count per person becomes its first slot for that person: workers fill disjoint slots.
        var starts = new int[personSpace + 1];
        var total = 0;
        for (var p = 0; p < personSpace; p++)
        {
            starts[p] = total;
            foreach (var worker in workers)
            {
                var count = worker.Counts[p];
                worker.Counts[p] = total;
                total += count;
            }
        }

        starts[personSpace] = total;
        var times = new long[total];
        var codes = new int[total];
        Parallel.ForEach(workers, context.ParallelOptions, worker =>
        {
            var next = worker.Counts;
            foreach (var chunk in worker.Chunks)
            {
                var persons = chunk.Persons;
                for (var i = 0; i < chunk.Length; i++)
                {
                    var slot = next[persons[i]]++;
                    times[slot] = chunk.Times[i];
                    codes[slot] = canonical[chunk.Raws[i]];
                }
            }
        });

        return new PathRows(starts, times, codes, names);
    }

    /// <summary>Marks the persons with a row of <paramref name="filter"/> in <paramref name="range"/> whose step is <paramref name="target"/>.</summary>
    public static bool[] PersonsReaching(QueryContext context, EventFilter filter, TimeRange range, PathSteps steps, PathSteps.Target target)
    {
        var marked = new bool[context.PersonSpace];
        if (filter.MatchesNothing)
        {
            return marked;
        }

        Parallel.ForEach(
            context.Snapshot.Segments,
            context.ParallelOptions,
            () => new RowBuffer(),
            (segment, _, buffer) =>
            {
                var rows = buffer.Rows(segment.RowCount);
                if (filter.Evaluate(segment, range, rows) == 0)
                {
                    return buffer;
                }

                var coder = new RowCoder(steps, segment);
                var ordinals = segment.DistinctOrdinals;
                for (var w = 0; w < rows.Length; w++)
                {
                    var bits = rows[w];
                    while (bits != 0)
                    {
                        var row = (w << 6) + BitOperations.TrailingZeroCount(bits);
                        bits &= bits - 1;
                        var raw = coder.RawAt(row);
                        if (raw >= 0 && target.Matches(raw))
                        {
                            var person = context.PersonOf(ordinals[row]);
                            if (!marked[person])
                            {
                                marked[person] = true; // benign race: every writer writes true
                            }
                        }
                    }
                }

                return buffer;
            },
            _ => { });
        return marked;
    }

    private static void Scan(QueryContext context, EventFilter filter, TimeRange range, PathSteps steps, bool[]? persons, SegmentView segment, Worker worker, byte[] used)
    {
        var rows = worker.Rows(segment.RowCount);
        var matching = (int)filter.Evaluate(segment, range, rows);
        if (matching == 0)
        {
            return;
        }

        // One chunk per segment, sized by the filter's count: no growing and copying.
        var coder = new RowCoder(steps, segment);
        var ordinals = segment.DistinctOrdinals;
        var timestamps = segment.Timestamps;
        var counts = worker.Counts;
        var gathered = new int[matching];
        var times = new long[matching];
        var raws = new int[matching];
        var n = 0;
        var lastOrdinal = -1;
        var person = -1;
        for (var w = 0; w < rows.Length; w++)
        {
            var bits = rows[w];
            while (bits != 0)
            {
                var row = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                var raw = coder.RawAt(row);
                if (raw < 0)
                {
                    continue;
                }

                var ordinal = ordinals[row];
                if (ordinal != lastOrdinal)
                {
                    lastOrdinal = ordinal;
                    person = context.PersonOf(ordinal);
                }

                if (persons is not null && !persons[person])
                {
                    continue;
                }

                gathered[n] = person;
                times[n] = timestamps[row];
                raws[n] = raw;
                n++;
                counts[person]++;
                if (used[raw] == 0)
                {
                    used[raw] = 1; // benign race: every writer writes 1; read first so the line stays shared between cores
                }
            }
        }

        worker.Chunks.Add(new Chunk(gathered, times, raws, n));
    }

    /// <summary>The raw step code of each row of one segment.</summary>
    private readonly ref struct RowCoder
    {
        private readonly ReadOnlySpan<int> _eventIds;
        private readonly int[] _eventRaw;
        private readonly ReadOnlySpan<ulong> _stringBits;
        private readonly ReadOnlySpan<int> _stringIds;
        private readonly int _valueBase;
        private readonly int _pageview;

        public RowCoder(PathSteps steps, SegmentView segment)
        {
            _eventIds = segment.EventIds;
            _eventRaw = steps.EventRaw;
            _valueBase = steps.EventRaw.Length;
            _pageview = steps.PageviewEvent;
            if (steps.PropertyKey >= 0 && segment.TryGetProperty(steps.PropertyKey, out var column))
            {
                _stringBits = column.StringBits;
                _stringIds = column.StringIds;
            }
        }

        /// <summary>The row's raw code, or <see cref="PathSteps.NotStep"/>.</summary>
        public int RawAt(int row)
        {
            var raw = _eventRaw[_eventIds[row]];
            if (raw != PathSteps.Named)
            {
                return raw;
            }

            return PropertyColumn.IsSet(_stringBits, row) ? _valueBase + _stringIds[row] : _pageview;
        }
    }

    private class RowBuffer
    {
        private ulong[] _rows = [];

        public Span<ulong> Rows(int rowCount)
        {
            var words = RowBits.Words(rowCount);
            if (_rows.Length < words)
            {
                _rows = new ulong[words];
            }

            return _rows.AsSpan(0, words);
        }
    }

    private sealed class Worker(int personSpace) : RowBuffer
    {
        public int[] Counts { get; } = new int[personSpace];

        public List<Chunk> Chunks { get; } = [];
    }

    /// <summary>One segment's gathered rows: the first <see cref="Length"/> entries of each array.</summary>
    private sealed record Chunk(int[] Persons, long[] Times, int[] Raws, int Length);
}
