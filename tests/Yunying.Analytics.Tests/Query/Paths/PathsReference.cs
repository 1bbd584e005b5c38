using System.Globalization;
using Yunying.Analytics.Query.Paths;

namespace Yunying.Analytics.Tests.Query.Paths;

/// <summary>
/// Paths written the plain way, as docs/analytics.md defines them: LINQ over the list of events, the person of
/// each distinct id from the dataset's merges, dates through <see cref="TimeZoneInfo"/>. Supports absolute
/// dates (<c>YYYY-MM-DD</c>) and <c>-Nd</c> ranges ending now. Only the filter rule is shared with the trends
/// reference (<see cref="TrendsReference.FilterMatches"/>); nothing is shared with the engine.
/// </summary>
public static class PathsReference
{
    public sealed record Step(string Name, bool Collapsed);

    public sealed record Node(int Step, string Name, bool Collapsed, long Paths, long Persons, long DropOff, long DropOffPersons);

    /// <summary>A link; <see cref="Source"/> and <see cref="Target"/> index the answer's nodes.</summary>
    public sealed record Link(int Source, int Target, long Value, long Persons, double AverageSeconds);

    public sealed record Answer(long Paths, long Persons, List<Node> Nodes, List<Link> Links, int LinksBeforePruning);

    private sealed record Visit(string Person, Step Step, long Micros, bool EndsSession);

    public static Answer Run(PlainDataset data, PathsQuery query, long now)
    {
        var zone = data.Zone;
        var (from, to) = Period(zone, query, now);
        var include = query.IncludeEventTypes ?? [];
        var exclude = query.ExcludeEvents ?? [];
        string? StepName(PlainEvent e)
        {
            var included = include.Count == 0 || include.Contains(e.Event) || (include.Contains("custom_event") && !e.Event.StartsWith('$'));
            if (!included)
            {
                return null;
            }

            var name = e.Event == "$pageview" && query.PageviewProperty is { Length: > 0 } key && e.Properties.TryGetValue(key, out var value) && value is string text
                ? (text.Length > 1 && text.EndsWith('/') ? text[..^1] : text)
                : e.Event;
            return exclude.Contains(name) ? null : name;
        }

        var filters = query.Properties ?? [];
        var stepEvents = data.Events
            .Where(e => e.Micros >= from && e.Micros < to && filters.All(f => TrendsReference.FilterMatches(data, e, f)))
            .Select(e => (Person: data.PersonOf[e.DistinctId], e.Micros, Name: StepName(e)))
            .Where(e => e.Name is not null)
            .ToList();

        var start = string.IsNullOrEmpty(query.StartPoint) ? null : query.StartPoint;
        var end = string.IsNullOrEmpty(query.EndPoint) ? null : query.EndPoint;
        var limit = query.StepLimit;
        var gap = query.SessionGapMinutes * 60_000_000L;
        var paths = new List<List<Visit>>();
        foreach (var person in stepEvents.GroupBy(e => e.Person))
        {
            var ordered = person.OrderBy(e => e.Micros).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();

            // Sessions: a new one after more than the gap without a step.
            var sessions = new List<List<(long Micros, string Name)>>();
            for (var i = 0; i < ordered.Count; i++)
            {
                if (i == 0 || ordered[i].Micros - ordered[i - 1].Micros > gap)
                {
                    sessions.Add([]);
                }

                sessions[^1].Add((ordered[i].Micros, ordered[i].Name!));
            }

            foreach (var session in sessions)
            {
                // A step equal to the one before is the same step, at the later time.
                var compact = new List<(long Micros, string Name)>();
                foreach (var step in session)
                {
                    if (compact.Count > 0 && compact[^1].Name == step.Name)
                    {
                        compact[^1] = step;
                    }
                    else
                    {
                        compact.Add(step);
                    }
                }

                var names = compact.Select(s => s.Name).ToList();
                var first = start is null ? 0 : names.IndexOf(start);
                if (first < 0)
                {
                    continue;
                }

                List<(long Micros, Step Step)> path;
                int last;
                if (end is null)
                {
                    last = Math.Min(compact.Count, first + limit) - 1;
                    path = [.. compact.Skip(first).Take(last - first + 1).Select(s => (s.Micros, new Step(s.Name, false)))];
                }
                else
                {
                    last = names.IndexOf(end, first);
                    if (last < 0)
                    {
                        continue;
                    }

                    if (start is null)
                    {
                        first = Math.Max(0, last - limit + 1);
                    }

                    var between = compact.Skip(first).Take(last - first + 1).Select(s => (s.Micros, new Step(s.Name, false))).ToList();
                    if (between.Count > limit)
                    {
                        var tail = (limit - 1) / 2;
                        var head = limit - 1 - tail;
                        path = [.. between.Take(head), (between[head].Micros, new Step("...", true)), .. between.TakeLast(tail)];
                    }
                    else
                    {
                        path = between;
                    }
                }

                var endsSession = last == compact.Count - 1;
                paths.Add([.. path.Select((s, k) => new Visit(person.Key, s.Step, s.Micros, endsSession && k == path.Count - 1))]);
            }
        }

        // Nodes and links over every path.
        var nodeVisits = paths.SelectMany(p => p.Select((v, k) => (Key: (k + 1, v.Step), Visit: v)))
            .GroupBy(x => x.Key, x => x.Visit)
            .ToDictionary(g => g.Key, g => g.ToList());
        var allLinks = paths.SelectMany(p => p.Skip(1).Select((v, k) => (Source: (k + 1, p[k].Step), Target: (k + 2, v.Step), v.Person, Micros: v.Micros - p[k].Micros)))
            .GroupBy(x => (x.Source, x.Target))
            .Select(g => (g.Key.Source, g.Key.Target, Value: (long)g.Count(), Persons: (long)g.Select(x => x.Person).Distinct().Count(), Average: g.Average(x => (double)x.Micros) / 1_000_000))
            .ToList();

        // PostHog's choice of links: weight bounds, most paths first, the edge limit, then reachable from step 1.
        var min = query.MinEdgeWeight ?? 0;
        var max = query.MaxEdgeWeight ?? long.MaxValue;
        var candidates = allLinks
            .Where(l => l.Value >= min && l.Value <= max)
            .OrderByDescending(l => l.Value)
            .ThenBy(l => l.Source.Item1)
            .ThenBy(l => l.Source.Item2, StepOrder.Instance)
            .ThenBy(l => l.Target.Item2, StepOrder.Instance)
            .Take(query.EdgeLimit)
            .ToList();
        var reachable = candidates.Where(l => l.Source.Item1 == 1).Select(l => l.Source).ToHashSet();
        for (var grew = true; grew;)
        {
            var before = reachable.Count;
            reachable.UnionWith(candidates.Where(l => reachable.Contains(l.Source)).Select(l => l.Target));
            grew = reachable.Count > before;
        }

        var chosen = candidates.Where(l => reachable.Contains(l.Source)).ToList();
        var nodes = chosen.SelectMany(l => new[] { l.Source, l.Target }).Distinct()
            .Select(key =>
            {
                var visits = nodeVisits[key];
                var endings = visits.Where(v => v.EndsSession).ToList();
                return (Key: key, Paths: (long)visits.Count, Persons: (long)visits.Select(v => v.Person).Distinct().Count(), DropOff: (long)endings.Count, DropOffPersons: (long)endings.Select(v => v.Person).Distinct().Count());
            })
            .OrderBy(n => n.Key.Item1)
            .ThenByDescending(n => n.Paths)
            .ThenBy(n => n.Key.Item2, StepOrder.Instance)
            .ToList();
        var index = nodes.Select((n, i) => (n.Key, i)).ToDictionary(x => x.Key, x => x.i);
        var links = chosen.Select(l => new Link(index[l.Source], index[l.Target], l.Value, l.Persons, l.Average)).ToList();
        return new Answer(
            paths.Count,
            paths.Select(p => p[0].Person).Distinct().LongCount(),
            [.. nodes.Select(n => new Node(n.Key.Item1, n.Key.Item2.Name, n.Key.Item2.Collapsed, n.Paths, n.Persons, n.DropOff, n.DropOffPersons))],
            links,
            candidates.Count);
    }

    private static (long From, long To) Period(TimeZoneInfo zone, PathsQuery query, long now)
    {
        var fromText = query.DateRange?.From ?? "-7d";
        var toText = query.DateRange?.To;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UnixEpoch.AddTicks(now * 10), zone).DateTime);
        var fromDate = fromText.StartsWith('-')
            ? today.AddDays(-int.Parse(fromText[1..^1], CultureInfo.InvariantCulture))
            : DateOnly.ParseExact(fromText, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var from = Utc(zone, fromDate.ToDateTime(TimeOnly.MinValue));
        var to = toText is null ? now : Utc(zone, DateOnly.ParseExact(toText, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(1).ToDateTime(TimeOnly.MinValue));
        return (from, to);
    }

    private static long Utc(TimeZoneInfo zone, DateTime local)
    {
        // Skipped local times move past the gap; repeated ones take their first (daylight) occurrence.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return PlainDataset.Micros(new DateTimeOffset(local, offset));
    }

    /// <summary>Step names in ordinal order, the collapsed step after every name.</summary>
    private sealed class StepOrder : IComparer<Step>
    {
        public static readonly StepOrder Instance = new();

        public int Compare(Step? x, Step? y) => x!.Collapsed != y!.Collapsed
            ? x.Collapsed.CompareTo(y.Collapsed)
            : string.CompareOrdinal(x.Name, y.Name);
    }
}
