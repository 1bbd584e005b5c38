using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Stickiness;
using Yunying.Analytics.Tests.Query.Retention;

namespace Yunying.Analytics.Tests.Query.Stickiness;

/// <summary>Stickiness written the plain way, as docs/analytics.md defines it.</summary>
public static class StickinessReference
{
    /// <summary>Persons per number of active intervals 1 … N (exactly, or at least when cumulative).</summary>
    public static long[] Run(PlainDataset data, StickinessQuery query, long now) => Run(data, query, now, out _);

    /// <summary>The bars and, keyed by person, each counted person's number of active intervals.</summary>
    public static long[] Run(PlainDataset data, StickinessQuery query, long now, out Dictionary<string, int> activeByPerson)
    {
        var defaultFrom = query.Interval switch { Interval.Day => "-7d", Interval.Week => "-7w", _ => "-7m" };
        var (from, to) = PlainIntervals.Range(data.Zone, query.DateRange, defaultFrom, now);
        var intervals = new PlainIntervals(data.Zone, query.Interval, from, to);
        var activeCounts = data.Events
            .Where(e => (query.Event is null || e.Event == query.Event) && (query.Properties ?? []).All(f => TrendsReference.FilterMatches(data, e, f)))
            .Where(e => intervals.IndexOf(e.Micros) >= 0 && intervals.IndexOf(e.Micros) < intervals.Count)
            .GroupBy(e => data.PersonOf[e.DistinctId])
            .ToDictionary(g => g.Key, g => g.Select(e => intervals.IndexOf(e.Micros)).Distinct().Count());
        activeByPerson = activeCounts;
        return [.. Enumerable.Range(1, intervals.Count).Select(n => (long)activeCounts.Values.Count(c => query.Cumulative ? c >= n : c == n))];
    }
}
