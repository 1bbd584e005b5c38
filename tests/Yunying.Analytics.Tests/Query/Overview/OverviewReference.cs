using Yunying.Analytics.Query.Overview;
using Yunying.Analytics.Tests.Query.Retention;

namespace Yunying.Analytics.Tests.Query.Overview;

/// <summary>The AARRR overview written the plain way, as docs/analytics.md defines it, for one period.</summary>
public static class OverviewReference
{
    private const long Day = 86_400_000_000L;

    public sealed record Figures(
        long NewPeople,
        long ActivePeople,
        double Revenue,
        long Paying,
        long Referrals,
        long[] Funnel,
        double?[] Retention,
        Dictionary<string, long> Channels);

    /// <summary>The current (<paramref name="previous"/> false) or previous period's figures.</summary>
    public static Figures Run(PlainDataset data, OverviewQuery query, long now, bool previous)
    {
        var (from, to) = PlainIntervals.Range(data.Zone, query.DateRange, OverviewQuery.DefaultFrom, now);
        var days = new PlainIntervals(data.Zone, Analytics.Query.Interval.Day, from, to);
        var fromDay = days.LocalDate(from);
        var toDay = days.LocalDate(to - 1);
        var length = toDay.DayNumber - fromDay.DayNumber + 1;
        if (previous)
        {
            (fromDay, toDay) = (fromDay.AddDays(-length), fromDay.AddDays(-1));
        }

        var start = PlainIntervals.Utc(data.Zone, fromDay);
        var end = PlainIntervals.Utc(data.Zone, toDay.AddDays(1));
        var until = Math.Min(end, now);
        bool In(long t) => t >= start && t < end;

        var events = data.Events.Where(e => (query.Properties ?? []).All(f => TrendsReference.FilterMatches(data, e, f))).ToList();
        var byPerson = events.GroupBy(e => data.PersonOf[e.DistinctId]).ToDictionary(g => g.Key, g => g.ToList());
        var first = byPerson.ToDictionary(p => p.Key, p => p.Value.Min(e => e.Micros));
        var newPeople = first.Where(p => In(p.Value)).Select(p => p.Key).ToList();

        var funnel = new long[4];
        foreach (var person in newPeople)
        {
            var mine = byPerson[person];
            funnel[0]++;
            if (!mine.Any(e => e.Event == query.ActivationEvent && e.Micros - first[person] < query.ActivationDays * Day))
            {
                continue;
            }

            funnel[1]++;
            if (!mine.Any(e => e.Event == query.RevenueEvent && e.Micros < until))
            {
                continue;
            }

            funnel[2]++;
            if (mine.Any(e => query.ReferralEvents.Contains(e.Event) && e.Micros < until))
            {
                funnel[3]++;
            }
        }

        var channels = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var person in newPeople)
        {
            var firstDay = days.LocalDate(first[person]);
            var values = byPerson[person]
                .Where(e => days.LocalDate(e.Micros) == firstDay)
                .Select(e => e.Properties.TryGetValue(query.AcquisitionProperty, out var v) && v is not null ? TrendsReference.Text(v) : "(none)")
                .Distinct();
            foreach (var value in values)
            {
                channels[value] = channels.GetValueOrDefault(value) + 1;
            }
        }

        var retention = new[] { 1, 7, 30 }.Select(n =>
        {
            long size = 0, retained = 0;
            foreach (var (person, t) in first)
            {
                var cohort = days.LocalDate(t);
                var target = cohort.AddDays(n);
                if (target < fromDay || target > toDay || PlainIntervals.Utc(data.Zone, target.AddDays(1)) > now)
                {
                    continue;
                }

                size++;
                if (byPerson[person].Any(e => days.LocalDate(e.Micros) == target))
                {
                    retained++;
                }
            }

            return size > 0 ? (double?)retained / size : null;
        }).ToArray();

        var inPeriod = events.Where(e => In(e.Micros)).ToList();
        var revenueEvents = inPeriod.Where(e => e.Event == query.RevenueEvent).ToList();
        return new Figures(
            newPeople.Count,
            inPeriod.Select(e => data.PersonOf[e.DistinctId]).Distinct().LongCount(),
            revenueEvents.Sum(e => e.Properties.TryGetValue(query.RevenueProperty, out var v) ? TrendsReference.Number(v) ?? 0 : 0),
            revenueEvents.Select(e => data.PersonOf[e.DistinctId]).Distinct().LongCount(),
            inPeriod.LongCount(e => query.ReferralEvents.Contains(e.Event)),
            funnel,
            retention,
            channels);
    }
}
