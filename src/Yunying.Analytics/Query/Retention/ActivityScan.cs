using System.Numerics;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Query.Retention;

/// <summary>
/// The scan behind retention, lifecycle and stickiness: one parallel pass over the segments that takes the
/// rows passing a compiled <see cref="EventFilter"/> and records, per person, the buckets they were active
/// in (<see cref="PersonBits"/>) and/or their earliest matching timestamp. A person's rows are gathered in a
/// local accumulator while they run on (sealed segments are sorted by distinct id and time, so runs are
/// long) and written to the shared arrays once per run.
/// </summary>
internal static class ActivityScan
{
    /// <summary>Every instant: for "first ever" scans that must see all data.</summary>
    public static readonly TimeRange AllTime = new(long.MinValue, long.MaxValue);

    /// <summary>
    /// For every row of <paramref name="filter"/> within <paramref name="range"/>: sets the bit of the row's
    /// bucket in <paramref name="buckets"/> (rows outside the buckets are skipped) in <paramref name="bits"/>,
    /// and lowers <paramref name="firstTimes"/><c>[person]</c> to the row's timestamp. Either target may be null.
    /// </summary>
    public static void Run(QueryContext context, EventFilter filter, TimeRange range, TimeBuckets? buckets, PersonBits? bits, long[]? firstTimes)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.MatchesNothing)
        {
            return;
        }

        var words = bits?.Words ?? 0;
        Parallel.ForEach(
            context.Snapshot.Segments,
            context.ParallelOptions,
            () => new Worker(words),
            (segment, _, worker) =>
            {
                Scan(context, filter, range, segment, buckets, bits, firstTimes, worker);
                return worker;
            },
            _ => { });
    }

    /// <summary>The earliest timestamp of every person over all events of any kind (<see cref="long.MaxValue"/> for none).</summary>
    public static long[] FirstSeen(QueryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var first = NewFirstTimes(context.PersonSpace);
        Parallel.ForEach(
            context.Snapshot.Segments,
            context.ParallelOptions,
            segment =>
            {
                var timestamps = segment.Timestamps;
                var ordinals = segment.DistinctOrdinals;
                var sorted = segment.IsSortedByDistinctAndTime;
                var ordinal = -1;
                var person = -1;
                var min = long.MaxValue;
                for (var row = 0; row < ordinals.Length; row++)
                {
                    var d = ordinals[row];
                    if (d == ordinal)
                    {
                        // In a sorted segment the first row of a distinct id's run is its earliest.
                        if (!sorted && timestamps[row] < min)
                        {
                            min = timestamps[row];
                        }

                        continue;
                    }

                    ordinal = d;
                    var p = context.PersonOf(d);
                    if (p != person)
                    {
                        if (person >= 0)
                        {
                            LowerTo(ref first[person], min);
                        }

                        person = p;
                        min = long.MaxValue;
                    }

                    if (timestamps[row] < min)
                    {
                        min = timestamps[row];
                    }
                }

                if (person >= 0)
                {
                    LowerTo(ref first[person], min);
                }
            });
        return first;
    }

    /// <summary>A first-times array with every person at "never" (<see cref="long.MaxValue"/>).</summary>
    public static long[] NewFirstTimes(int personSpace)
    {
        var first = new long[personSpace];
        Array.Fill(first, long.MaxValue);
        return first;
    }

    /// <summary>Atomically lowers <paramref name="target"/> to <paramref name="value"/> when it is smaller.</summary>
    public static void LowerTo(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static void Scan(
        QueryContext context,
        EventFilter filter,
        TimeRange range,
        SegmentView segment,
        TimeBuckets? buckets,
        PersonBits? bits,
        long[]? firstTimes,
        Worker worker)
    {
        var rows = worker.Rows(segment.RowCount);
        if (filter.Evaluate(segment, range, rows) == 0)
        {
            return;
        }

        if (firstTimes is null && bits is { Words: 1 })
        {
            MarkOneWord(context, rows, segment, buckets!, bits);
            return;
        }

        var timestamps = segment.Timestamps;
        var ordinals = segment.DistinctOrdinals;
        var pending = worker.Pending;
        var ordinal = -1;
        var person = -1;
        var min = long.MaxValue;

        // A person's rows come in time order (in sealed segments), so the bucket of the previous row is
        // usually the bucket of this one: test its bounds before looking it up.
        var bounds = buckets is null ? default : buckets.Bounds;
        var bucket = -1;
        var low = long.MaxValue;
        var high = long.MinValue;
        for (var w = 0; w < rows.Length; w++)
        {
            var word = rows[w];
            while (word != 0)
            {
                var row = (w << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                var d = ordinals[row];
                if (d != ordinal)
                {
                    ordinal = d;
                    var p = context.PersonOf(d);
                    if (p != person)
                    {
                        if (person >= 0)
                        {
                            Flush(person, min, pending, bits, firstTimes);
                        }

                        person = p;
                        min = long.MaxValue;
                    }
                }

                var t = timestamps[row];
                if (t < min)
                {
                    min = t;
                }

                if (bits is null)
                {
                    continue;
                }

                if (t < low || t >= high)
                {
                    bucket = buckets!.IndexOf(t);
                    if (bucket < 0)
                    {
                        low = long.MaxValue;
                        high = long.MinValue;
                        continue;
                    }

                    low = bounds[bucket];
                    high = bounds[bucket + 1];
                }

                pending[bucket >> 6] |= 1UL << bucket;
            }
        }

        if (person >= 0)
        {
            Flush(person, min, pending, bits, firstTimes);
        }
    }

    /// <summary>The common case (bits only, at most 64 buckets) with the person's bits in a register.</summary>
    private static void MarkOneWord(QueryContext context, Span<ulong> rows, SegmentView segment, TimeBuckets buckets, PersonBits bits)
    {
        var timestamps = segment.Timestamps;
        var ordinals = segment.DistinctOrdinals;
        var bounds = buckets.Bounds;
        var ordinal = -1;
        var person = -1;
        var pending = 0UL;
        var bit = 0UL;
        var low = long.MaxValue;
        var high = long.MinValue;
        for (var w = 0; w < rows.Length; w++)
        {
            var word = rows[w];
            while (word != 0)
            {
                var row = (w << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                var d = ordinals[row];
                if (d != ordinal)
                {
                    ordinal = d;
                    var p = context.PersonOf(d);
                    if (p != person)
                    {
                        if (pending != 0)
                        {
                            bits.Or(person, 0, pending);
                            pending = 0;
                        }

                        person = p;
                    }
                }

                var t = timestamps[row];
                if (t < low || t >= high)
                {
                    var bucket = buckets.IndexOf(t);
                    if (bucket < 0)
                    {
                        low = long.MaxValue;
                        high = long.MinValue;
                        continue;
                    }

                    low = bounds[bucket];
                    high = bounds[bucket + 1];
                    bit = 1UL << bucket;
                }

                pending |= bit;
            }
        }

        if (pending != 0)
        {
            bits.Or(person, 0, pending);
        }
    }

    private static void Flush(int person, long min, Span<ulong> pending, PersonBits? bits, long[]? firstTimes)
    {
        if (firstTimes is not null)
        {
            LowerTo(ref firstTimes[person], min);
        }

        if (bits is null)
        {
            return;
        }

        for (var w = 0; w < pending.Length; w++)
        {
            if (pending[w] != 0)
            {
                bits.Or(person, w, pending[w]);
                pending[w] = 0;
            }
        }
    }

    private sealed class Worker(int words)
    {
        private ulong[] _rows = [];

        public ulong[] Pending { get; } = new ulong[words];

        public Span<ulong> Rows(int rowCount)
        {
            var needed = RowBits.Words(rowCount);
            if (_rows.Length < needed)
            {
                _rows = new ulong[needed];
            }

            return _rows.AsSpan(0, needed);
        }
    }
}
