using Yunying.Analytics.Cohorts;
using Yunying.Analytics.Query;
using Yunying.Analytics.Tests.Query;

namespace Yunying.Analytics.Tests.Cohorts;

/// <summary>Cohort rules written the plain way, as docs/analytics.md defines them: the person keys that match.</summary>
public static class CohortReference
{
    private const long Day = 86_400_000_000L;

    public static HashSet<string> Run(PlainDataset data, CohortRule rule, long now)
    {
        var everyone = data.Events.Select(e => data.PersonOf[e.DistinctId]).ToHashSet(StringComparer.Ordinal);
        return rule switch
        {
            AllOfRule all => all.Rules.Select(r => Run(data, r, now)).Aggregate((a, b) => [.. a.Intersect(b, StringComparer.Ordinal)]),
            AnyOfRule any => any.Rules.Select(r => Run(data, r, now)).Aggregate((a, b) => [.. a.Union(b, StringComparer.Ordinal)]),
            NotRule not => [.. everyone.Except(Run(data, not.Rule, now), StringComparer.Ordinal)],
            PerformedRule performed => [.. everyone.Where(p =>
            {
                var count = data.Events.Count(e => data.PersonOf[e.DistinctId] == p
                    && (performed.Event is null || e.Event == performed.Event)
                    && e.Micros >= now - (performed.LastDays * Day) && e.Micros <= now
                    && (performed.Filters ?? []).All(f => TrendsReference.FilterMatches(data, e, f)));
                return count >= performed.AtLeast && (performed.AtMost is not { } most || count <= most);
            })],
            SequenceRule sequence => [.. everyone.Where(p =>
            {
                var mine = data.Events.Where(e => data.PersonOf[e.DistinctId] == p && e.Micros <= now).ToList();
                return mine.Any(f => f.Event == sequence.First && f.Micros >= now - (sequence.LastDays * Day)
                    && mine.Any(t => t.Event == sequence.Then && t.Micros > f.Micros && t.Micros - f.Micros <= sequence.WithinDays * Day));
            })],
            PersonPropertyRule property => [.. everyone.Where(p =>
            {
                var anyEvent = data.Events.First(e => data.PersonOf[e.DistinctId] == p);
                return TrendsReference.FilterMatches(data, anyEvent, new PropertyFilter(property.Key, property.Operator, property.Value, PropertyScope.Person));
            })],
            LifecycleRule lifecycle => Lifecycle(data, lifecycle, now, everyone),
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };
    }

    private static HashSet<string> Lifecycle(PlainDataset data, LifecycleRule rule, long now, HashSet<string> everyone)
    {
        var zone = data.Zone;
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UnixEpoch.AddTicks(now * 10), zone);
        var start = rule.Interval switch
        {
            "day" => local.Date,
            "week" => local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7)),
            _ => new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified),
        };
        var previous = rule.Interval switch { "day" => start.AddDays(-1), "week" => start.AddDays(-7), _ => start.AddMonths(-1) };
        long Utc(DateTime t) => PlainDataset.Micros(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(t, DateTimeKind.Unspecified), zone), TimeSpan.Zero));
        var thisStart = Utc(start);
        var previousStart = Utc(previous);
        return [.. everyone.Where(p =>
        {
            var times = data.Events.Where(e => data.PersonOf[e.DistinctId] == p && e.Micros <= now).Select(e => e.Micros).ToList();
            if (times.Count == 0)
            {
                return false;
            }

            var first = times.Min();
            var active = times.Any(t => t >= thisStart);
            var before = times.Any(t => t >= previousStart && t < thisStart);
            return rule.State switch
            {
                "new" => active && first >= thisStart,
                "returning" => active && before,
                "resurrecting" => active && !before && first < previousStart,
                _ => before && !active,
            };
        })];
    }
}
