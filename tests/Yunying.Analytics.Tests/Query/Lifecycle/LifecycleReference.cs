using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Lifecycle;
using Yunying.Analytics.Tests.Query.Retention;

namespace Yunying.Analytics.Tests.Query.Lifecycle;

/// <summary>Lifecycle written the plain way, as docs/analytics.md defines it.</summary>
public static class LifecycleReference
{
    public sealed record Answer(string[] Labels, long[] New, long[] Returning, long[] Resurrecting, long[] Dormant);

    public static Answer Run(PlainDataset data, LifecycleQuery query, long now) => Run(data, query, now, out _);

    /// <summary>The answer and, keyed by (status, interval index), the persons each bar counts.</summary>
    public static Answer Run(PlainDataset data, LifecycleQuery query, long now, out Dictionary<(string Status, int Interval), List<string>> personsByBar)
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
        var bars = new Dictionary<(string Status, int Interval), List<string>>();
        void Add(string status, int i, string person)
        {
            if (!bars.TryGetValue((status, i), out var list))
            {
                bars[(status, i)] = list = [];
            }

            list.Add(person);
        }

        for (var i = 0; i < n; i++)
        {
            foreach (var p in persons)
            {
                var now_ = active.Contains((p, i));
                var before = active.Contains((p, i - 1));
                if (now_ && before)
                {
                    answer.Returning[i]++;
                    Add("returning", i, p);
                }
                else if (now_ && firstSeen[p] >= intervals.Start(i))
                {
                    answer.New[i]++;
                    Add("new", i, p);
                }
                else if (now_)
                {
                    answer.Resurrecting[i]++;
                    Add("resurrecting", i, p);
                }
                else if (before)
                {
                    answer.Dormant[i]--;
                    Add("dormant", i, p);
                }
            }
        }

        personsByBar = bars;

        return answer;
    }
}
