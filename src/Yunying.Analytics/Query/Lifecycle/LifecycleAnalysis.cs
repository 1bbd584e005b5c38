using System.Numerics;
using Yunying.Analytics.Query.Retention;
using Yunying.Core.Results;

namespace Yunying.Analytics.Query.Lifecycle;

/// <summary>
/// Lifecycle: each person's activity as bits over the intervals of the range plus the one before it
/// (<see cref="PersonBits"/>), and their first event of any kind (when PostHog creates the person). Per
/// person, each active interval is returning when the bit before it is set, else new when the person was
/// first seen in it, else resurrecting; each active interval followed by an inactive one makes the person
/// dormant in that next interval.
/// </summary>
internal static class LifecycleAnalysis
{
    private const int New = 0;
    private const int Returning = 1;
    private const int Resurrecting = 2;
    private const int Dormant = 3;

    public static Result<AnalyticsResult> Run(LifecycleQuery query, QueryContext context)
    {
        if (WholeIntervals.Check(query.Interval, "interval") is { } badInterval)
        {
            return badInterval;
        }

        var filter = EventFilter.Compile(context, query.Event, query.Properties);
        if (!filter.IsSuccess)
        {
            return filter.Error;
        }

        var calendar = context.Calendar;
        var interval = query.Interval;
        var range = context.ResolveRange(query.DateRange, WholeIntervals.DefaultFrom(interval));
        if (!range.IsSuccess)
        {
            return range.Error;
        }

        var whole = WholeIntervals.Widen(calendar, range.Value, interval);
        var extended = TimeBuckets.Create(calendar, new TimeRange(WholeIntervals.After(calendar, whole.From, interval, -1), whole.To), interval);
        if (!extended.IsSuccess)
        {
            return extended.Error;
        }

        var buckets = extended.Value;
        var bits = PersonBits.Create(context.PersonSpace, buckets.Count);
        if (!bits.IsSuccess)
        {
            return bits.Error;
        }

        ActivityScan.Run(context, filter.Value, buckets.Range, buckets, bits.Value, null);
        var firstSeen = ActivityScan.FirstSeen(context);
        context.CancellationToken.ThrowIfCancellationRequested();
        var counts = Count(context, buckets, bits.Value, firstSeen);

        var n = buckets.Count - 1;
        var labels = buckets.Labels()[1..];
        LifecycleLine Line(string status, int which, int sign)
        {
            var values = new long[n];
            for (var i = 0; i < n; i++)
            {
                values[i] = sign * counts[(which * buckets.Count) + i + 1];
            }

            return new LifecycleLine(status, values, values.Sum());
        }

        return new LifecycleResult
        {
            TimeZone = calendar.ZoneId,
            From = calendar.ToOffset(whole.From),
            To = calendar.ToOffset(whole.To),
            Interval = interval,
            Labels = labels,
            Starts = buckets.Starts.Skip(1).ToArray(),
            Lines =
            [
                Line(LifecycleLine.New, New, 1),
                Line(LifecycleLine.Returning, Returning, 1),
                Line(LifecycleLine.Resurrecting, Resurrecting, 1),
                Line(LifecycleLine.Dormant, Dormant, -1),
            ],
        };
    }

    /// <summary>Persons per (status, bucket), as <c>status * buckets + bucket</c>; bucket 0 is the interval before the range.</summary>
    private static long[] Count(QueryContext context, TimeBuckets buckets, PersonBits bits, long[] firstSeen)
    {
        var width = buckets.Count;
        var total = new long[4 * width];
        var gate = new Lock();
        var chunk = Math.Max(4096, context.PersonSpace / (Environment.ProcessorCount * 8));
        var chunks = (context.PersonSpace + chunk - 1) / chunk;
        var bounds = buckets.Bounds.ToArray();
        Parallel.For(
            0,
            chunks,
            context.ParallelOptions,
            () => new long[4 * width],
            (index, _, counts) =>
            {
                var end = Math.Min(context.PersonSpace, (index + 1) * chunk);
                for (var person = index * chunk; person < end; person++)
                {
                    var row = bits.Row(person);
                    for (var w = 0; w < row.Length; w++)
                    {
                        var word = row[w];
                        while (word != 0)
                        {
                            var i = (w << 6) + BitOperations.TrailingZeroCount(word);
                            word &= word - 1;
                            if (i > 0)
                            {
                                var status = bits.Has(person, i - 1) ? Returning
                                    : firstSeen[person] >= bounds[i] ? New
                                    : Resurrecting;
                                counts[(status * width) + i]++;
                            }

                            if (i + 1 < width && !bits.Has(person, i + 1))
                            {
                                counts[(Dormant * width) + i + 1]++;
                            }
                        }
                    }
                }

                return counts;
            },
            counts =>
            {
                lock (gate)
                {
                    for (var i = 0; i < total.Length; i++)
                    {
                        total[i] += counts[i];
                    }
                }
            });
        return total;
    }
}
