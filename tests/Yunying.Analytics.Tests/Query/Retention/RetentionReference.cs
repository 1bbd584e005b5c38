using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Retention;

namespace Yunying.Analytics.Tests.Query.Retention;

/// <summary>
/// Retention written the plain way, as docs/analytics.md defines it: LINQ over the events, the person of each
/// distinct id from the dataset's merges, whole local intervals from <see cref="PlainIntervals"/>.
/// </summary>
public static class RetentionReference
{
    public sealed record Cohort(string Label, long Size, long[] Values, bool LastIncomplete);

    public sealed record Mean(int Period, int Cohorts, long Size, long Retained, double? Percentage);

    public sealed record Matrix(string? Breakdown, string? BreakdownKind, List<Cohort> Cohorts, List<Mean> Means);

    public sealed record Answer(int Periods, List<Matrix> Matrices, long? PeopleTotal = null, List<Guid>? PeopleIds = null);

    public static Answer Run(PlainDataset data, RetentionQuery query, long now, IReadOnlyDictionary<string, Guid>? personIds = null)
    {
        long? peopleTotal = null;
        List<Guid>? peopleIds = null;
        var zone = data.Zone;
        var defaultFrom = query.Period switch { Interval.Day => "-7d", Interval.Week => "-7w", _ => "-7m" };
        var (from, to) = PlainIntervals.Range(zone, query.DateRange, defaultFrom, now);
        var intervals = new PlainIntervals(zone, query.Period, from, to);
        var cohortCount = intervals.Count;
        var periods = query.Periods ?? Math.Max(1, Enumerable.Range(1, 90).TakeWhile(k => intervals.Start(k) <= now).Count());
        string Person(PlainEvent e) => data.PersonOf[e.DistinctId];
        bool Passes(PlainEvent e, RetentionEvent? entity) =>
            (entity?.Event is null || e.Event == entity.Event)
            && (query.Properties ?? []).Concat(entity?.Properties ?? []).All(f => TrendsReference.FilterMatches(data, e, f));

        var starts = data.Events.Where(e => Passes(e, query.StartEvent)).ToList();
        var returns = data.Events.Where(e => Passes(e, query.ReturnEvent)).ToList();

        // Breakdown buckets: start events in the cohort intervals per value, most first, ties by text.
        (string Label, string Kind) Raw(PlainEvent e)
        {
            var b = query.Breakdown!;
            var props = b.Type == PropertyScope.Person ? data.PersonProperties[Person(e)] : e.Properties;
            return props.TryGetValue(b.Property, out var value) && value is not null ? (Text(value), "value") : ("(none)", "none");
        }

        var inCohorts = starts.Where(e => intervals.IndexOf(e.Micros) >= 0 && intervals.IndexOf(e.Micros) < cohortCount).ToList();
        var top = query.Breakdown is null
            ? []
            : inCohorts.Select(Raw).Where(r => r.Kind == "value").GroupBy(r => r.Label)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(query.Breakdown.Limit).Select(g => g.Key).ToList();
        (string Label, string Kind) Slot(PlainEvent e)
        {
            if (query.Breakdown is null)
            {
                return (string.Empty, string.Empty);
            }

            var raw = Raw(e);
            return raw.Kind == "none" || top.Contains(raw.Label) ? raw : ("(other)", "other");
        }

        var slots = query.Breakdown is null
            ? [(string.Empty, string.Empty)]
            : top.Select(t => (t, "value")).Concat(new[] { ("(none)", "none"), ("(other)", "other") }.Where(s => inCohorts.Any(e => Slot(e) == s))).ToList();

        // The cohort a person may join: first_time, the interval of their first start event ever.
        var firstStart = starts.GroupBy(Person).ToDictionary(g => g.Key, g => intervals.IndexOf(g.Min(e => e.Micros)));
        var matrices = new List<Matrix>();
        foreach (var slot in slots)
        {
            var cohorts = new List<Cohort>();
            var means = Enumerable.Range(0, periods + 1).Select(k => (Cohorts: 0, Size: 0L, Retained: 0L)).ToArray();
            for (var c = 0; c < cohortCount; c++)
            {
                var members = inCohorts
                    .Where(e => intervals.IndexOf(e.Micros) == c && Slot(e) == slot)
                    .Select(Person)
                    .Where(p => query.RetentionType == RetentionType.Recurring || firstStart[p] == c)
                    .ToHashSet();
                var values = new long[periods + 1];
                values[0] = members.Count;
                for (var k = 1; k <= periods; k++)
                {
                    var wanted = k;
                    values[k] = members.Count(p => returns.Any(e => Person(e) == p && (query.ReturnMode == RetentionReturn.On
                        ? intervals.IndexOf(e.Micros) == c + wanted
                        : intervals.IndexOf(e.Micros) >= c + wanted && intervals.IndexOf(e.Micros) <= c + periods)));
                }

                var reached = Enumerable.Range(0, periods + 1).Count(k => intervals.Start(c + k) < now);
                for (var k = 0; k < reached; k++)
                {
                    if (intervals.Start(c + k + 1) <= now)
                    {
                        means[k] = (means[k].Cohorts + 1, means[k].Size + members.Count, means[k].Retained + values[k]);
                    }
                }

                cohorts.Add(new Cohort(intervals.Label(c), members.Count, values[..reached], reached > 0 && intervals.Start(c + reached) > now));
                if (query.People is { } people && personIds is not null && people.Cohort == intervals.Label(c)
                    && (people.Breakdown is null || (people.Breakdown.Label, people.Breakdown.Kind.ToString().ToLowerInvariant()) == slot))
                {
                    var k = people.Period;
                    var chosen = members
                        .Where(p => k == 0 || returns.Any(e => Person(e) == p && (query.ReturnMode == RetentionReturn.On
                            ? intervals.IndexOf(e.Micros) == c + k
                            : intervals.IndexOf(e.Micros) >= c + k && intervals.IndexOf(e.Micros) <= c + periods)))
                        .Select(p => personIds[p])
                        .OrderBy(id => id.ToString("D"), StringComparer.Ordinal)
                        .ToList();
                    peopleTotal = chosen.Count;
                    peopleIds = [.. chosen.Skip(people.Offset).Take(people.Limit)];
                }
            }

            matrices.Add(new Matrix(
                query.Breakdown is null ? null : slot.Item1,
                query.Breakdown is null ? null : slot.Item2,
                cohorts,
                [.. means.Select((m, k) => new Mean(k, m.Cohorts, m.Size, m.Retained, m.Size == 0 ? null : 100.0 * m.Retained / m.Size))]));
        }

        return new Answer(periods, matrices, peopleTotal, peopleIds);
    }

    private static string Text(object value) => value switch
    {
        string s => s,
        double x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => throw new InvalidOperationException(),
    };
}
