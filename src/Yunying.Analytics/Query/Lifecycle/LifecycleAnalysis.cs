using System.Numerics;
using System.Runtime.CompilerServices;
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

    /// <summary>The statuses' names, by their index above.</summary>
    private static readonly string[] Statuses = [LifecycleLine.New, LifecycleLine.Returning, LifecycleLine.Resurrecting, LifecycleLine.Dormant];

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
        var labels = buckets.Labels()[1..];
        var wanted = (Bucket: 0, Status: 0);
        if (query.People is { } people)
        {
            var chosen = Choose(people, labels);
            if (!chosen.IsSuccess)
            {
                return chosen.Error;
            }

            wanted = chosen.Value;
        }

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
            People = query.People is { } options ? Page(options, wanted.Bucket, wanted.Status, buckets, bits.Value, firstSeen, context) : null,
        };
    }

    /// <summary>Checks a <c>people</c> option and finds its bar: the bucket (1 … n; 0 is the interval before the range) and the status.</summary>
    private static Result<(int Bucket, int Status)> Choose(LifecyclePeopleOptions people, string[] labels)
    {
        var bucket = Array.IndexOf(labels, people.Date);
        if (bucket < 0)
        {
            return QueryErrors.Invalid("people.date", $"people.date '{people.Date}' is not an interval of the answer; use one of its labels ({labels[0]} … {labels[^1]}).");
        }

        var status = Array.IndexOf(Statuses, people.Status);
        if (status < 0)
        {
            return QueryErrors.Invalid("people.status", $"people.status is {string.Join(", ", Statuses[..^1])} or {Statuses[^1]}.");
        }

        if (PersonPage.Check(people.Limit, people.Offset) is { } bad)
        {
            return bad;
        }

        return (bucket + 1, status);
    }

    /// <summary>The persons of one bar: those whose interval <paramref name="bucket"/> has <paramref name="status"/>, as <see cref="Count"/> counts them.</summary>
    private static LifecyclePeople Page(
        LifecyclePeopleOptions options, int bucket, int status, TimeBuckets buckets, PersonBits bits, long[] firstSeen, QueryContext context)
    {
        var start = buckets.Bounds[bucket];
        IEnumerable<int> Matching()
        {
            for (var person = 0; person < context.PersonSpace; person++)
            {
                var matches = bits.Has(person, bucket)
                    ? status != Dormant && StatusOf(bits, person, bucket, firstSeen[person], start) == status
                    : status == Dormant && bits.Has(person, bucket - 1);
                if (matches)
                {
                    yield return person;
                }
            }
        }

        var (total, page) = PersonPage.Take(Matching(), context, options.Offset, options.Limit);
        return new LifecyclePeople { Date = options.Date, Status = options.Status, Total = total, Offset = options.Offset, PersonIds = page };
    }

    /// <summary>The status of an active interval <paramref name="i"/> (above 0): returning, new or resurrecting.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int StatusOf(PersonBits bits, int person, int i, long firstSeen, long start) =>
        bits.Has(person, i - 1) ? Returning
        : firstSeen >= start ? New
        : Resurrecting;

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
                                counts[(StatusOf(bits, person, i, firstSeen[person], bounds[i]) * width) + i]++;
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
