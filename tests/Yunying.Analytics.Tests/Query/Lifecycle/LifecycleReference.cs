using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Lifecycle;
using Yunying.Analytics.Tests.Query.Retention;

namespace Yunying.Analytics.Tests.Query.Lifecycle;

/// <summary>Lifecycle written the plain way, as docs/analytics.md defines it.</summary>
public static class LifecycleReference
{
    public sealed record Answer(string[] Labels, long[] New, long[] Returning, long[] Resurrecting, long[] Dormant);

    public static Answer Run(PlainDataset data, LifecycleQuery query, long now)
    {
        var defaultFrom = query.Interval switch { Interval.Day => "-7d", Interval.Week => "-7w", _ => "-7m" };
        var (from, to) = PlainIntervals.Range(data.Zone, query.DateRange, defaultFrom, now);
        var intervals = new PlainIntervals(data.Zone, query.Interval, from, to);
        string Person(PlainEvent e) => data.PersonOf[e.DistinctId];
        var firstSeen = data.Events.GroupBy(Person).ToDictionary(g => g.Key, g => g.Min(e => e.Micros));
        var active = data.Events
            .Where(e => (query.Event is null || e.Event == query.Event) && (query.Properties ?? []).All(f => TrendsReference.FilterMatches(data, e, f)))
            .Select(e => (Person: Person(e), Interval: intervals.IndexOf(e.Micros)))
            .ToHashSet();
        var persons = firstSeen.Keys.ToList();
        var n = intervals.Count;
        var answer = new Answer(
            [.. Enumerable.Range(0, n).Select(intervals.Label)], new long[n], new long[n], new long[n], new long[n]);
        for (var i = 0; i < n; i++)
        {
            foreach (var p in persons)
            {
                var now_ = active.Contains((p, i));
                var before = active.Contains((p, i - 1));
                if (now_ && before)
                {
                    answer.Returning[i]++;
                }
                else if (now_ && firstSeen[p] >= intervals.Start(i))
                {
                    answer.New[i]++;
                }
                else if (now_)
                {
                    answer.Resurrecting[i]++;
                }
                else if (before)
                {
                    answer.Dormant[i]--;
                }
            }
        }

        return answer;
    }
}
