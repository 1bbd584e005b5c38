using System.Numerics;
using Yunying.Analytics.Query.Retention;
using Yunying.Core.Results;

namespace Yunying.Analytics.Query.Stickiness;

/// <summary>Stickiness: each person's activity as bits over the range's intervals; a popcount per person gives the histogram.</summary>
internal static class StickinessAnalysis
{
    public static Result<AnalyticsResult> Run(StickinessQuery query, QueryContext context)
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
        var range = context.ResolveRange(query.DateRange, WholeIntervals.DefaultFrom(query.Interval));
        if (!range.IsSuccess)
        {
            return range.Error;
        }

        var whole = WholeIntervals.Widen(calendar, range.Value, query.Interval);
        var buckets = TimeBuckets.Create(calendar, whole, query.Interval);
        if (!buckets.IsSuccess)
        {
            return buckets.Error;
        }

        var n = buckets.Value.Count;
        var bits = PersonBits.Create(context.PersonSpace, n);
        if (!bits.IsSuccess)
        {
            return bits.Error;
        }

        if (query.People is { } people)
        {
            if (people.Bucket < 1 || people.Bucket > n)
            {
                return QueryErrors.Invalid("people.bucket", $"people.bucket is a number of active intervals (1 to {n}).");
            }

            if (PersonPage.Check(people.Limit, people.Offset) is { } bad)
            {
                return bad;
            }
        }

        ActivityScan.Run(context, filter.Value, whole, buckets.Value, bits.Value, null);
        context.CancellationToken.ThrowIfCancellationRequested();
        var histogram = Histogram(context, bits.Value, n);

        var persons = new long[n];
        long running = 0;
        for (var k = n; k >= 1; k--)
        {
            running += histogram[k];
            persons[k - 1] = query.Cumulative ? running : histogram[k];
        }

        return new StickinessResult
        {
            TimeZone = calendar.ZoneId,
            From = calendar.ToOffset(whole.From),
            To = calendar.ToOffset(whole.To),
            Interval = query.Interval,
            Cumulative = query.Cumulative,
            ActiveIntervals = Enumerable.Range(1, n).ToArray(),
            Persons = persons,
            Total = running,
            People = query.People is { } options ? Page(options, query.Cumulative, bits.Value, context) : null,
        };
    }

    /// <summary>The persons active in exactly <c>bucket</c> intervals (with <paramref name="cumulative"/>, that many or more).</summary>
    private static StickinessPeople Page(StickinessPeopleOptions options, bool cumulative, PersonBits bits, QueryContext context)
    {
        IEnumerable<int> Matching()
        {
            for (var person = 0; person < context.PersonSpace; person++)
            {
                var active = 0;
                foreach (var word in bits.Row(person))
                {
                    active += BitOperations.PopCount(word);
                }

                if (cumulative ? active >= options.Bucket : active == options.Bucket)
                {
                    yield return person;
                }
            }
        }

        var (total, page) = PersonPage.Take(Matching(), context, options.Offset, options.Limit);
        return new StickinessPeople { Bucket = options.Bucket, Total = total, Offset = options.Offset, PersonIds = page };
    }

    /// <summary>Persons per number of active intervals (index 0 … n).</summary>
    private static long[] Histogram(QueryContext context, PersonBits bits, int n)
    {
        var total = new long[n + 1];
        var gate = new Lock();
        var chunk = Math.Max(4096, context.PersonSpace / (Environment.ProcessorCount * 8));
        var chunks = (context.PersonSpace + chunk - 1) / chunk;
        Parallel.For(
            0,
            chunks,
            context.ParallelOptions,
            () => new long[n + 1],
            (index, _, counts) =>
            {
                var end = Math.Min(context.PersonSpace, (index + 1) * chunk);
                for (var person = index * chunk; person < end; person++)
                {
                    var active = 0;
                    foreach (var word in bits.Row(person))
                    {
                        active += BitOperations.PopCount(word);
                    }

                    counts[active]++;
                }

                return counts;
            },
            counts =>
            {
                lock (gate)
                {
                    for (var i = 1; i < total.Length; i++)
                    {
                        total[i] += counts[i];
                    }
                }
            });
        return total;
    }
}
