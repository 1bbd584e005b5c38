using System.Globalization;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Funnels;

namespace Yunying.Analytics.Tests.Query.Funnels;

/// <summary>
/// Funnels written the plain way, as docs/analytics.md defines them: per person, list the events the funnel
/// sees in their order, try an attempt from every possible start by walking forward, drop the attempts an
/// exclusion disqualifies, and keep the best. No pointers, no sorting tricks, nothing shared with the engine.
/// Supports absolute dates (<c>YYYY-MM-DD</c>) and <c>-Nd</c> ranges ending now; trend intervals day and week.
/// </summary>
public static class FunnelReference
{
    public sealed record Step(long Count, double? Average, double? Median);

    public sealed record Histogram(long Count, double? Average, double? Median, (double From, double To, long Count)[] Bins);

    public sealed record Group(string? Breakdown, string? Kind, Step[] Steps, Histogram? Histogram, string[]? TrendLabels, long[]? Entered, long[]? Converted);

    public sealed record Answer(List<Group> Groups, long? PeopleTotal, List<Guid>? PeopleIds);

    private sealed record Seen(long Time, uint Mask, string? Link, (string Label, string Kind) Value);

    private sealed record Attempt(int[] Pos)
    {
        public int Reached => Pos.Length;
    }

    private sealed record Outcome(string Person, int Reached, (string Label, string Kind) Value, long[] Times);

    public static Answer Run(PlainDataset data, FunnelQuery query, long now, IReadOnlyDictionary<string, Guid> personIds)
    {
        var zone = data.Zone;
        DateOnly LocalDate(long micros) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), zone).DateTime);
        long Utc(DateOnly day) => (TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), zone).Ticks - DateTime.UnixEpoch.Ticks) / 10;

        var fromText = query.DateRange?.From ?? "-7d";
        var toText = query.DateRange?.To;
        var today = LocalDate(now);
        var fromDate = fromText.StartsWith('-') ? today.AddDays(-int.Parse(fromText[1..^1], CultureInfo.InvariantCulture)) : DateOnly.ParseExact(fromText, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var from = Utc(fromDate);
        var to = toText is null ? now : Utc(DateOnly.ParseExact(toText, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(1));
        var window = (query.Window ?? new FunnelWindow()).Micros;
        var steps = query.Steps;
        var k = steps.Count;
        var exclusions = query.Exclusions ?? [];
        var global = query.Properties ?? [];
        var strict = query.Order == FunnelOrder.Strict;

        (string, string) ValueOf(PlainEvent e)
        {
            var b = query.Breakdown!;
            var props = b.Type == PropertyScope.Person ? data.PersonProperties[data.PersonOf[e.DistinctId]] : e.Properties;
            return props.TryGetValue(b.Property, out var v) && v is not null ? (Text(v), "value") : ("(none)", "none");
        }

        // What each person's funnel sees, in funnel order.
        var outcomes = new List<Outcome>();
        var trendOutcomes = new List<(DateOnly Bucket, (string, string) Value, int Reached)>();
        foreach (var person in data.Events.GroupBy(e => data.PersonOf[e.DistinctId]))
        {
            var seen = new List<Seen>();
            foreach (var e in person.Where(e => e.Micros >= from && e.Micros <= to + window))
            {
                if (!global.All(f => TrendsReference.FilterMatches(data, e, f)))
                {
                    continue;
                }

                uint mask = 0;
                for (var s = 0; s < k; s++)
                {
                    if ((steps[s].Event is null || steps[s].Event == e.Event) && (steps[s].Properties ?? []).All(f => TrendsReference.FilterMatches(data, e, f)))
                    {
                        mask |= 1u << s;
                    }
                }

                for (var j = 0; j < exclusions.Count; j++)
                {
                    if ((exclusions[j].Event is null || exclusions[j].Event == e.Event) && (exclusions[j].Properties ?? []).All(f => TrendsReference.FilterMatches(data, e, f)))
                    {
                        mask |= 1u << (20 + j);
                    }
                }

                if (mask == 0 && !strict)
                {
                    continue;
                }

                string? link = null;
                if (query.LinkProperty is { } key && e.Properties.TryGetValue(key, out var lv) && lv is not null)
                {
                    link = Text(lv);
                }

                seen.Add(new Seen(e.Micros, mask, link, query.Breakdown is null ? (string.Empty, string.Empty) : ValueOf(e)));
            }

            var stepBits = (1u << k) - 1;
            int Rank(uint mask) => (mask & stepBits) == 0 ? 99 : Enumerable.Range(0, k).First(s => (mask & (1u << s)) != 0);
            var events = seen
                .OrderBy(s => s.Time)
                .ThenBy(s => Rank(s.Mask))
                .ThenBy(s => s.Mask)
                .ThenBy(s => s.Link is null ? 0 : 1).ThenBy(s => s.Link ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(s => s.Value.Kind == "none" ? 0 : 1).ThenBy(s => s.Value.Label, StringComparer.Ordinal)
                .ToList();

            // Every attempt: one from each possible start in the period.
            var attempts = new List<Attempt>();
            for (var p = 0; p < events.Count; p++)
            {
                var start = events[p];
                var canStart = query.Order == FunnelOrder.Unordered ? (start.Mask & stepBits) != 0 : (start.Mask & 1) != 0;
                if (!canStart || start.Time >= to || (query.LinkProperty is not null && start.Link is null))
                {
                    continue;
                }

                var deadline = start.Time + window;
                bool Fits(int q) => events[q].Time <= deadline && (query.LinkProperty is null || events[q].Link == start.Link);
                var pos = new List<int> { p };
                if (query.Order == FunnelOrder.Ordered)
                {
                    for (var s = 1; s < k; s++)
                    {
                        var next = Enumerable.Range(pos[^1] + 1, events.Count - pos[^1] - 1)
                            .Where(q => (events[q].Mask & (1u << s)) != 0 && (query.LinkProperty is null || events[q].Link == start.Link))
                            .DefaultIfEmpty(-1).First();
                        if (next < 0 || events[next].Time > deadline)
                        {
                            break;
                        }

                        pos.Add(next);
                    }
                }
                else if (strict)
                {
                    for (var s = 1; s < k; s++)
                    {
                        var q = p + s;
                        if (q >= events.Count || (events[q].Mask & (1u << s)) == 0 || !Fits(q))
                        {
                            break;
                        }

                        pos.Add(q);
                    }
                }
                else
                {
                    // Any order: which sets of steps distinct events can have done so far; the count is the largest set.
                    pos.Clear();
                    var done = new HashSet<uint> { 0 };
                    for (var q = p; q < events.Count && events[q].Time <= deadline; q++)
                    {
                        var bits = events[q].Mask & stepBits;
                        if (bits == 0 || !Fits(q))
                        {
                            continue;
                        }

                        foreach (var set in done.ToList())
                        {
                            for (var s = 0; s < k; s++)
                            {
                                if ((bits & (1u << s)) != 0 && (set & (1u << s)) == 0)
                                {
                                    done.Add(set | (1u << s));
                                }
                            }
                        }

                        if (done.Max(System.Numerics.BitOperations.PopCount) > pos.Count)
                        {
                            pos.Add(q);
                        }
                    }
                }

                var disqualified = false;
                for (var j = 0; j < exclusions.Count; j++)
                {
                    var a = exclusions[j].FromStep;
                    var b = exclusions[j].ToStep ?? (k - 1);
                    if (pos.Count <= a)
                    {
                        continue;
                    }

                    for (var q = pos[a] + 1; q < events.Count; q++)
                    {
                        if (pos.Count > b ? q >= pos[b] : events[q].Time > deadline)
                        {
                            break;
                        }

                        disqualified |= (events[q].Mask & (1u << (20 + j))) != 0;
                    }
                }

                if (!disqualified)
                {
                    attempts.Add(new Attempt([.. pos]));
                }
            }

            if (attempts.Count == 0)
            {
                continue;
            }

            (string, string) Attributed(Attempt attempt)
            {
                if (query.Breakdown is null)
                {
                    return (string.Empty, string.Empty);
                }

                return query.Attribution switch
                {
                    FunnelAttribution.FirstTouch => events[attempt.Pos[0]].Value,
                    FunnelAttribution.LastTouch => events[attempt.Pos[^1]].Value,
                    _ => attempt.Reached > query.AttributionStep!.Value ? events[attempt.Pos[query.AttributionStep.Value]].Value : ("(none)", "none"),
                };
            }

            Attempt Best(IEnumerable<Attempt> candidates) => candidates
                .OrderByDescending(a => a.Reached).ThenBy(a => a.Pos[^1]).ThenByDescending(a => a.Pos[0]).First();

            var best = Best(attempts);
            outcomes.Add(new Outcome(person.Key, best.Reached, Attributed(best), [.. best.Pos.Select(i => events[i].Time)]));
            if (query.Trend is { } trend)
            {
                foreach (var inBucket in attempts.GroupBy(a => Bucket(LocalDate(events[a.Pos[0]].Time), trend.Interval)))
                {
                    var b = Best(inBucket);
                    trendOutcomes.Add((inBucket.Key, Attributed(b), b.Reached));
                }
            }
        }

        // Breakdown buckets: the values with the most persons, then (none) and (other) when used.
        var slots = new List<(string Label, string Kind)> { (string.Empty, string.Empty) };
        Func<(string Label, string Kind), (string Label, string Kind)> SlotOf = value => value;
        if (query.Breakdown is { } breakdown)
        {
            var top = outcomes.Where(o => o.Value.Kind == "value").GroupBy(o => o.Value.Label)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(breakdown.Limit).Select(g => g.Key).ToHashSet();
            SlotOf = value => value.Kind == "none" ? value : top.Contains(value.Label) ? value : ("(other)", "other");
            var used = outcomes.Select(o => SlotOf(o.Value)).Concat(trendOutcomes.Select(t => SlotOf(t.Value))).ToHashSet();
            slots = [.. top.OrderByDescending(v => outcomes.Count(o => o.Value == (v, "value"))).ThenBy(v => v, StringComparer.Ordinal).Select(v => (v, "value"))];
            slots.AddRange(new[] { ("(none)", "none"), ("(other)", "other") }.Where(used.Contains));
        }

        var trendBuckets = query.Trend is { } t ? Buckets(LocalDate(from), LocalDate(to - 1), t.Interval) : null;
        var groups = new List<Group>();
        foreach (var slot in slots)
        {
            var mine = query.Breakdown is null ? outcomes : outcomes.Where(o => SlotOf(o.Value) == slot).ToList();
            var stepResults = new Step[k];
            for (var s = 0; s < k; s++)
            {
                var reached = mine.Where(o => o.Reached > s).ToList();
                var durations = s == 0 ? [] : reached.Select(o => o.Times[s] - o.Times[s - 1]).ToList();
                stepResults[s] = new Step(reached.Count, s == 0 ? null : Mean(durations), s == 0 ? null : Median(durations));
            }

            Histogram? histogram = null;
            if (query.TimeToConvert is { } ttc)
            {
                var toStep = ttc.ToStep ?? (k - 1);
                var durations = mine.Where(o => o.Reached > toStep).Select(o => o.Times[toStep] - o.Times[ttc.FromStep]).ToList();
                var bins = new List<(double, double, long)>();
                if (durations.Count > 0)
                {
                    var min = durations.Min();
                    var spread = durations.Max() - min;
                    var width = spread == 0 ? 1 : (long)Math.Ceiling(spread / (decimal)ttc.Bins);
                    var shown = (int)Math.Min(ttc.Bins, (spread / width) + 1);
                    for (var b = 0; b < shown; b++)
                    {
                        var low = min + (b * width);
                        var high = low + width;
                        var count = durations.Count(d => d >= low && (d < high || (b == shown - 1)));
                        bins.Add((low / 1e6, high / 1e6, count));
                    }
                }

                histogram = new Histogram(durations.Count, Mean(durations), Median(durations), [.. bins]);
            }

            long[]? entered = null;
            long[]? converted = null;
            if (trendBuckets is not null)
            {
                var mineTrend = trendOutcomes.Where(o => query.Breakdown is null || SlotOf(o.Value) == slot).ToList();
                entered = [.. trendBuckets.Select(b => (long)mineTrend.Count(o => o.Bucket == b))];
                converted = [.. trendBuckets.Select(b => (long)mineTrend.Count(o => o.Bucket == b && o.Reached == k))];
            }

            groups.Add(new Group(
                query.Breakdown is null ? null : slot.Label,
                query.Breakdown is null ? null : slot.Kind,
                stepResults,
                histogram,
                trendBuckets?.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray(),
                entered,
                converted));
        }

        long? peopleTotal = null;
        List<Guid>? peopleIds = null;
        if (query.People is { } people)
        {
            var chosen = outcomes
                .Where(o => people.Dropped ? o.Reached == people.Step : o.Reached > people.Step)
                .Where(o => people.Breakdown is null || SlotOf(o.Value) == (people.Breakdown.Label, people.Breakdown.Kind.ToString().ToLowerInvariant()))
                .Select(o => personIds[o.Person])
                .OrderBy(id => id.ToString("D"), StringComparer.Ordinal)
                .ToList();
            peopleTotal = chosen.Count;
            peopleIds = [.. chosen.Skip(people.Offset).Take(people.Limit)];
        }

        return new Answer(groups, peopleTotal, peopleIds);
    }

    private static DateOnly Bucket(DateOnly day, Interval interval) => interval switch
    {
        Interval.Day => day,
        Interval.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        _ => throw new NotSupportedException("The reference draws day and week trends."),
    };

    private static List<DateOnly> Buckets(DateOnly first, DateOnly last, Interval interval)
    {
        var buckets = new List<DateOnly>();
        for (var d = Bucket(first, interval); d <= last; d = d.AddDays(interval == Interval.Day ? 1 : 7))
        {
            buckets.Add(d);
        }

        return buckets;
    }

    private static double? Mean(List<long> durations) => durations.Count == 0 ? null : (double)(durations.Sum(d => (decimal)d) / durations.Count / 1_000_000m);

    private static double? Median(List<long> durations)
    {
        if (durations.Count == 0)
        {
            return null;
        }

        var sorted = durations.OrderBy(d => d).ToList();
        var middle = (sorted.Count - 1) / 2.0;
        var below = sorted[(int)Math.Floor(middle)];
        var above = sorted[(int)Math.Ceiling(middle)];
        return (below + above) / 2.0 / 1e6;
    }

    private static string Text(object? value) => value switch
    {
        string s => s,
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => string.Empty,
    };
}
