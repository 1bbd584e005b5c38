using System.Globalization;
using System.Text.Json;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Funnels;

namespace Yunying.Analytics.Tests.Query.Funnels;

/// <summary>The engine's funnels against <see cref="FunnelReference"/> over many generated datasets and queries.</summary>
public sealed class FunnelRandomizedTests : RandomizedStoreTests
{
    private const int SeedCount = 60;
    private const int QueriesPerSeed = 10;

    public static TheoryData<int> Seeds() => SeedsUpTo(SeedCount);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Funnel_RandomDatasetAndQueries_SameAsReference(int seed)
    {
        var ct = TestContext.Current.CancellationToken;
        var (data, now, queries) = Case(seed);
        var context = await data.LoadAsync(Store, Guid.NewGuid(), new Random(seed * 7919), now, ct);
        var personIds = PersonIds(data, context);

        for (var q = 0; q < queries.Count; q++)
        {
            var query = queries[q];
            var description = JsonSerializer.Serialize(query, QueryJson.Options);
            var engine = QueryRunner.Run(query, context);
            Assert.True(engine.IsSuccess, $"{description}: {engine.Error?.Message}");
            AssertSame(FunnelReference.Run(data, query, now, personIds), (FunnelResult)engine.Value, $"seed {seed}, query {q}: {description}");
        }
    }

    [Fact]
    public void RandomCases_CoverWhatTheComparisonNeeds()
    {
        // The comparison means little if the cases were mostly empty or never hit a rule: check they do.
        var answers = new List<(FunnelQuery Query, FunnelReference.Answer Answer, PlainDataset Data, long Now)>();
        for (var seed = 1; seed <= SeedCount; seed++)
        {
            var (data, now, queries) = Case(seed);
            var ids = data.PersonOf.Values.Distinct().ToDictionary(p => p, _ => Guid.NewGuid());
            answers.AddRange(queries.Select(q => (q, FunnelReference.Run(data, q, now, ids), data, now)));
        }

        var groups = answers.SelectMany(a => a.Answer.Groups.Select(g => (a.Query, Group: g))).ToList();
        var entered = groups.Count(g => g.Group.Steps[0].Count > 0);
        var converted = groups.Count(g => g.Group.Steps[^1].Count > 0);
        Assert.True(entered > groups.Count / 2, $"most funnels have entrants: {entered} of {groups.Count}");
        Assert.True(converted > groups.Count / 5, $"many funnels have conversions: {converted} of {groups.Count}");
        Assert.True(groups.Count(g => g.Group.Steps[0].Count == 0) > 5, "some funnels are empty");
        Assert.True(groups.Count(g => g.Group.Steps[^1].Count > 0 && g.Group.Steps[^1].Count < g.Group.Steps[0].Count) > 50, "drop-offs");
        Assert.True(groups.Count(g => g.Group.Kind == "none") > 10, "(none) buckets");
        Assert.True(groups.Count(g => g.Group.Kind == "other") > 10, "(other) buckets");
        Assert.True(groups.Count(g => g.Group.Histogram is { Count: > 1 }) > 10, "histograms");
        Assert.True(groups.Count(g => g.Group.Converted?.Any(c => c > 0) == true) > 10, "trends with conversions");
        Assert.True(answers.Count(a => a.Answer.PeopleIds?.Count > 0) > 20, "people lists");
        foreach (var order in Enum.GetValues<FunnelOrder>())
        {
            Assert.True(answers.Count(a => a.Query.Order == order && a.Answer.Groups.Any(g => g.Steps[1].Count > 0)) > 20, $"{order} funnels that convert");
        }

        // Each rule changes answers somewhere: without it the reference would answer differently.
        int Differs(Func<FunnelQuery, FunnelQuery> without, Func<FunnelQuery, bool> applies) => answers
            .Where(a => applies(a.Query))
            .Count(a => !SameCounts(a.Answer, FunnelReference.Run(a.Data, without(a.Query), a.Now, a.Data.PersonOf.Values.Distinct().ToDictionary(p => p, _ => Guid.Empty))));
        Assert.True(Differs(q => q with { Exclusions = null }, q => q.Exclusions is { Count: > 0 }) > 10, "exclusions disqualify attempts");
        Assert.True(Differs(q => q with { LinkProperty = null }, q => q.LinkProperty is not null) > 10, "the link property matters");
        Assert.True(Differs(q => q with { Order = FunnelOrder.Ordered }, q => q.Order == FunnelOrder.Strict) > 10, "strict differs from ordered");
        Assert.True(Differs(q => q with { Order = FunnelOrder.Ordered }, q => q.Order == FunnelOrder.Unordered) > 10, "unordered differs from ordered");
        Assert.True(Differs(q => q with { Window = new FunnelWindow(400, FunnelWindowUnit.Day) }, q => true) > 20, "windows cut conversions");
        Assert.True(answers.Count(a => a.Data.TimeZone == "America/New_York") > 100, "a zone with daylight saving");
    }

    private static bool SameCounts(FunnelReference.Answer a, FunnelReference.Answer b) =>
        a.Groups.Count == b.Groups.Count && a.Groups.Zip(b.Groups).All(p => p.First.Breakdown == p.Second.Breakdown && p.First.Steps.Select(s => s.Count).SequenceEqual(p.Second.Steps.Select(s => s.Count)));

    /// <summary>Each person key's id in the engine's person map (the map the dataset built).</summary>
    internal static Dictionary<string, Guid> PersonIds(PlainDataset data, QueryContext context)
    {
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var distinct = context.Snapshot.DistinctIds;
        for (var d = 0; d < distinct.Count; d++)
        {
            ids[data.PersonOf[distinct[d]]] = context.Persons.PersonIds[context.PersonOf(d)];
        }

        return ids;
    }

    internal static void AssertSame(FunnelReference.Answer expected, FunnelResult actual, string because)
    {
        Assert.True(expected.Groups.Count == actual.Groups.Count, $"{because}\ngroups: expected [{string.Join(", ", expected.Groups.Select(g => g.Breakdown))}], got [{string.Join(", ", actual.Groups.Select(g => g.Breakdown?.Label))}]");
        for (var i = 0; i < expected.Groups.Count; i++)
        {
            var e = expected.Groups[i];
            var a = actual.Groups[i];
            var where = $"{because}\ngroup {i} ({e.Breakdown})";
            Assert.True(e.Breakdown == a.Breakdown?.Label && e.Kind == a.Breakdown?.Kind.ToString().ToLowerInvariant(), $"{where}: breakdown {a.Breakdown}");
            Assert.True(
                e.Steps.Select(s => s.Count).SequenceEqual(a.Steps.Select(s => s.Count)),
                $"{where}: counts expected {string.Join(",", e.Steps.Select(s => s.Count))} got {string.Join(",", a.Steps.Select(s => s.Count))}");
            for (var s = 0; s < e.Steps.Length; s++)
            {
                Assert.True(Close(e.Steps[s].Average, a.Steps[s].AverageSeconds), $"{where}: step {s} average {e.Steps[s].Average} vs {a.Steps[s].AverageSeconds}");
                Assert.True(Close(e.Steps[s].Median, a.Steps[s].MedianSeconds), $"{where}: step {s} median {e.Steps[s].Median} vs {a.Steps[s].MedianSeconds}");
                var first = e.Steps[0].Count;
                Assert.True(Close(first == 0 ? 0 : (double)e.Steps[s].Count / first, a.Steps[s].ConversionRate), $"{where}: step {s} rate");
            }

            if (e.Histogram is { } h)
            {
                var ah = a.TimeToConvert!;
                Assert.True(h.Count == ah.Count && Close(h.Average, ah.AverageSeconds) && Close(h.Median, ah.MedianSeconds), $"{where}: histogram {h.Count}/{h.Average}/{h.Median} vs {ah.Count}/{ah.AverageSeconds}/{ah.MedianSeconds}");
                Assert.True(
                    h.Bins.Length == ah.Bins.Count && h.Bins.Zip(ah.Bins).All(p => Close(p.First.From, p.Second.FromSeconds) && Close(p.First.To, p.Second.ToSeconds) && p.First.Count == p.Second.Count),
                    $"{where}: bins\n{string.Join(" ", h.Bins)}\n{string.Join(" ", ah.Bins.Select(b => (b.FromSeconds, b.ToSeconds, b.Count)))}");
            }
            else
            {
                Assert.Null(a.TimeToConvert);
            }

            if (e.Entered is { } entered)
            {
                var trend = a.Trend!;
                Assert.True(e.TrendLabels!.SequenceEqual(trend.Labels), $"{where}: trend labels {string.Join(",", trend.Labels)}");
                Assert.True(entered.SequenceEqual(trend.Entered), $"{where}: entered {string.Join(",", entered)} vs {string.Join(",", trend.Entered)}");
                Assert.True(e.Converted!.SequenceEqual(trend.Converted), $"{where}: converted {string.Join(",", e.Converted!)} vs {string.Join(",", trend.Converted)}");
            }
            else
            {
                Assert.Null(a.Trend);
            }
        }

        if (expected.PeopleIds is { } ids)
        {
            Assert.True(expected.PeopleTotal == actual.People!.Total, $"{because}\npeople total {expected.PeopleTotal} vs {actual.People.Total}");
            Assert.True(ids.SequenceEqual(actual.People.PersonIds), $"{because}\npeople {string.Join(",", ids)} vs {string.Join(",", actual.People.PersonIds)}");
        }
    }

    private static bool Close(double? a, double? b) =>
        a is null ? b is null : b is not null && Math.Abs(a.Value - b.Value) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a.Value), Math.Abs(b.Value)));

    /// <summary>Seed → dataset, "now" and the queries to compare, independent of how the engine is loaded.</summary>
    private static (PlainDataset Data, long Now, List<FunnelQuery> Queries) Case(int seed)
    {
        var random = new Random(seed);
        var (zone, middle) = (seed % 3) switch
        {
            0 => ("America/New_York", new DateOnly(2026, 11, 1)),
            1 => ("America/New_York", new DateOnly(2026, 3, 8)),
            _ => ("Asia/Shanghai", new DateOnly(2026, 6, 15)),
        };
        var data = PlainDataset.Generate(seed, zone, middle, random.Next(3, 20));

        // Events exactly one window after another of the same id, so the window's inclusive end is tested.
        var windows = new[] { 10 * 60, 3 * 3600, 86_400, 2 * 86_400, 7 * 86_400, 30 * 86_400, 36_000 };
        foreach (var e in data.Events.Where(_ => random.NextDouble() < 0.08).ToList())
        {
            data.Events.Add(e with { Event = Pick(random, "view", "buy", "signup", "share"), Micros = e.Micros + (windows[random.Next(windows.Length)] * 1_000_000L) });
        }

        var nowLocal = middle.AddDays(random.Next(-2, 8)).ToDateTime(new TimeOnly(12, 34, 56));
        var now = PlainDataset.Micros(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(nowLocal, data.Zone), TimeSpan.Zero));
        var queries = Enumerable.Range(0, QueriesPerSeed).Select(_ => RandomQuery(random, middle)).ToList();
        return (data, now, queries);
    }

    private static FunnelQuery RandomQuery(Random random, DateOnly middle)
    {
        DateRange range;
        if (random.NextDouble() < 0.25)
        {
            range = new DateRange($"-{random.Next(0, 12)}d");
        }
        else
        {
            var from = middle.AddDays(random.Next(-8, 3));
            range = new DateRange(Date(from), Date(from.AddDays(random.Next(0, 10))));
        }

        var stepCount = random.Next(10) switch
        {
            < 4 => 2,
            < 8 => 3,
            8 => 4,
            _ => 5,
        };
        var steps = new List<FunnelStep>();
        for (var i = 0; i < stepCount; i++)
        {
            steps.Add(new FunnelStep
            {
                Event = random.NextDouble() < 0.1 ? null : Pick(random, "view", "view", "buy", "signup", "share", "share", "never_seen"),
                Properties = random.NextDouble() < 0.75 ? null : RandomFilters(random, 1),
            });
        }

        var order = random.Next(10) switch
        {
            < 5 => FunnelOrder.Ordered,
            < 8 => FunnelOrder.Strict,
            _ => FunnelOrder.Unordered,
        };
        var window = Pick(
            random,
            new FunnelWindow(10, FunnelWindowUnit.Minute),
            new FunnelWindow(3, FunnelWindowUnit.Hour),
            new FunnelWindow(1, FunnelWindowUnit.Day),
            new FunnelWindow(2, FunnelWindowUnit.Day),
            new FunnelWindow(1, FunnelWindowUnit.Week),
            new FunnelWindow(1, FunnelWindowUnit.Month),
            new FunnelWindow(36_000, FunnelWindowUnit.Second));
        List<FunnelExclusion>? exclusions = null;
        if (random.NextDouble() < 0.35)
        {
            exclusions = [];
            for (var j = random.Next(1, 3); j > 0; j--)
            {
                var fromStep = random.Next(0, stepCount - 1);
                exclusions.Add(new FunnelExclusion
                {
                    Event = Pick(random, "view", "buy", "signup", "share"),
                    Properties = random.NextDouble() < 0.7 ? null : RandomFilters(random, 1),
                    FromStep = fromStep,
                    ToStep = random.NextDouble() < 0.3 ? null : random.Next(fromStep + 1, stepCount),
                });
            }
        }

        Breakdown? breakdown = null;
        var attribution = FunnelAttribution.FirstTouch;
        int? attributionStep = null;
        if (random.NextDouble() < 0.45)
        {
            breakdown = random.Next(5) switch
            {
                0 => new Breakdown("tier", PropertyScope.Person, random.Next(1, 4)),
                1 => new Breakdown("vip", PropertyScope.Event, random.Next(1, 3)),
                2 => new Breakdown("plan", PropertyScope.Event, random.Next(1, 6)),
                _ => new Breakdown("city", PropertyScope.Event, random.Next(1, 5)),
            };
            attribution = Pick(random, FunnelAttribution.FirstTouch, FunnelAttribution.LastTouch, FunnelAttribution.Step);
            attributionStep = attribution == FunnelAttribution.Step ? random.Next(0, stepCount) : null;
        }

        FunnelPeopleOptions? people = null;
        if (random.NextDouble() < 0.4)
        {
            var dropped = random.NextDouble() < 0.4;
            BreakdownBucket? bucket = breakdown is null || random.NextDouble() < 0.6 ? null : Pick(
                random,
                new BreakdownBucket("(none)", BreakdownBucketKind.None),
                new BreakdownBucket("(other)", BreakdownBucketKind.Other),
                new BreakdownBucket("Beijing", BreakdownBucketKind.Value),
                new BreakdownBucket("gold", BreakdownBucketKind.Value),
                new BreakdownBucket("pro", BreakdownBucketKind.Value));
            people = new FunnelPeopleOptions(dropped ? random.Next(1, stepCount) : random.Next(0, stepCount), dropped, bucket, random.Next(1, 15), random.Next(0, 4));
        }

        return new FunnelQuery
        {
            DateRange = range,
            Steps = steps,
            Order = order,
            Window = window,
            Exclusions = exclusions,
            Breakdown = breakdown,
            Attribution = attribution,
            AttributionStep = attributionStep,
            LinkProperty = random.NextDouble() < 0.25 ? Pick(random, "plan", "city") : null,
            Properties = random.NextDouble() < 0.25 ? RandomFilters(random, 1) : null,
            TimeToConvert = random.NextDouble() < 0.3 ? new FunnelTimeToConvert(0, null, random.Next(1, 8)) : null,
            Trend = random.NextDouble() < 0.3 ? new FunnelTrendOptions(random.NextDouble() < 0.8 ? Interval.Day : Interval.Week) : null,
            People = people,
        };
    }

    private static List<PropertyFilter> RandomFilters(Random random, int count)
    {
        var filters = new List<PropertyFilter>();
        for (var i = 0; i < count; i++)
        {
            var person = random.NextDouble() < 0.25;
            var key = person ? Pick(random, "tier", "age") : Pick(random, "city", "amount", "vip", "plan");
            var op = Pick(random, "exact", "is_not", "icontains", "gt", "lt", "is_set", "is_not_set");
            var value = op switch
            {
                "exact" or "is_not" => Pick(random, "[\"Beijing\",\"上海\"]", "\"gold\"", "5", "true", "[\"pro\",\"team\",\"free\"]"),
                "icontains" => Pick(random, "\"bei\"", "\"o\"", "\"e\""),
                "is_set" or "is_not_set" => null,
                _ => Pick(random, "50", "30", "18"),
            };
            filters.Add(new PropertyFilter(key, op, value is null ? null : JsonDocument.Parse(value).RootElement.Clone(), person ? PropertyScope.Person : PropertyScope.Event));
        }

        return filters;
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static T Pick<T>(Random random, params T[] options) => options[random.Next(options.Length)];
}
