using System.Globalization;
using System.Text.Json;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Paths;

namespace Yunying.Analytics.Tests.Query.Paths;

/// <summary>The engine's paths against <see cref="PathsReference"/> over many generated datasets and queries.</summary>
public sealed class PathsRandomizedTests : RandomizedStoreTests
{
    private const int SeedCount = 80;

    public static TheoryData<int> Seeds() => SeedsUpTo(SeedCount);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Paths_RandomDatasetAndQueries_SameAsReference(int seed)
    {
        var ct = TestContext.Current.CancellationToken;
        var (data, now, queries) = Case(seed);
        var context = await data.LoadAsync(Store, Guid.NewGuid(), new Random(seed * 7919), now, ct);

        for (var q = 0; q < queries.Count; q++)
        {
            var query = queries[q];
            var description = JsonSerializer.Serialize<AnalyticsQuery>(query, QueryJson.Options);
            var engine = QueryRunner.Run(query, context);
            Assert.True(engine.IsSuccess, $"{description}: {engine.Error?.Message}");
            AssertSame(PathsReference.Run(data, query, now), (PathsResult)engine.Value, $"seed {seed}, query {q}: {description}");
        }
    }

    [Fact]
    public void RandomCases_CoverWhatTheComparisonNeeds()
    {
        // The comparison above means little if the generated cases were mostly empty: check they are not.
        var answers = new List<(PathsQuery Query, PathsReference.Answer Answer)>();
        for (var seed = 1; seed <= SeedCount; seed++)
        {
            var (data, now, queries) = Case(seed);
            answers.AddRange(queries.Select(q => (q, PathsReference.Run(data, q, now))));
        }

        bool Has(Func<PathsQuery, bool> query, Func<PathsReference.Answer, bool> answer, int atLeast) =>
            answers.Count(a => query(a.Query) && answer(a.Answer)) >= atLeast;

        Assert.True(Has(_ => true, a => a.Links.Count >= 5, answers.Count / 6), "many answers have several links");
        Assert.True(Has(_ => true, a => a.Paths > 0, answers.Count / 2), "most answers have paths");
        Assert.True(Has(_ => true, a => a.Paths == 0, 20), "some answers are empty");
        Assert.True(Has(q => q.StartPoint is not null && q.EndPoint is null, a => a.Links.Count > 0, 20), "start points with links");
        Assert.True(Has(q => q.EndPoint is not null && q.StartPoint is null, a => a.Links.Count > 0, 20), "end points with links");
        Assert.True(Has(q => q.EndPoint is not null && q.StartPoint is not null, a => a.Links.Count > 0, 10), "start and end points with links");
        Assert.True(Has(_ => true, a => a.Nodes.Any(n => n.Collapsed), 10), "collapsed middles");
        Assert.True(Has(_ => true, a => a.LinksBeforePruning > a.Links.Count, 10), "links pruned as unreachable");
        Assert.True(Has(_ => true, a => a.Nodes.Any(n => n.DropOff > 0 && n.DropOff < n.Paths), 50), "partial drop-off");
        Assert.True(Has(_ => true, a => a.Links.Any(l => l.Persons < l.Value), 30), "a person taking a link in several sessions");
        Assert.True(Has(q => q.PageviewProperty == "$pathname", a => a.Nodes.Any(n => n.Name.StartsWith('/')), 30), "page names");
        Assert.True(Has(q => q.TimeZone is null, a => a.Links.Count > 0, 1), "the dataset's zone");
    }

    /// <summary>Seed → dataset, "now" and the queries to compare, independent of how the engine is loaded.</summary>
    private static (PlainDataset Data, long Now, List<PathsQuery> Queries) Case(int seed)
    {
        var random = new Random(seed);

        // New York across both daylight-saving changes of 2026, and Shanghai (no DST).
        var (zone, middle) = (seed % 3) switch
        {
            0 => ("America/New_York", new DateOnly(2026, 11, 1)),
            1 => ("America/New_York", new DateOnly(2026, 3, 8)),
            _ => ("Asia/Shanghai", new DateOnly(2026, 6, 15)),
        };
        var data = PathsDataset.Generate(seed, zone, middle, random.Next(2, 12));
        var nowLocal = middle.AddDays(random.Next(-3, 10)).ToDateTime(new TimeOnly(12, 34, 56));
        var now = PlainDataset.Micros(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(nowLocal, data.Zone), TimeSpan.Zero));
        var queries = Enumerable.Range(0, 10).Select(_ => RandomQuery(random, middle)).ToList();
        return (data, now, queries);
    }

    private static PathsQuery RandomQuery(Random random, DateOnly middle)
    {
        DateRange range;
        var kind = random.NextDouble();
        if (kind < 0.25)
        {
            range = new DateRange($"-{random.Next(0, 20)}d");
        }
        else if (kind < 0.3)
        {
            range = new DateRange(Date(middle.AddDays(-400)), Date(middle.AddDays(-390)));
        }
        else
        {
            var from = middle.AddDays(random.Next(-7, 3));
            range = new DateRange(Date(from), Date(from.AddDays(random.Next(0, 10))));
        }

        var pageviewProperty = random.Next(10) switch
        {
            < 4 => null,
            < 9 => "$pathname",
            _ => "nope",
        };
        string[] points = pageviewProperty == "$pathname"
            ? ["/home", "/", "/pricing", "/a/", "/a", "/docs", "signup", "buy", "view", "$pageview"]
            : ["$pageview", "signup", "buy", "share", "view", "/home", "$identify"];
        string Point() => random.NextDouble() < 0.05 ? "missing" : Pick(random, points);
        var mode = random.NextDouble();
        var start = mode is >= 0.3 and < 0.55 || mode >= 0.75 ? Point() : null;
        var end = mode >= 0.55 ? Point() : null;
        List<PropertyFilter> filters = random.Next(5) switch
        {
            0 => [new PropertyFilter("plan", "exact", JsonSerializer.SerializeToElement("pro"))],
            1 => [new PropertyFilter("plan", "is_not", JsonSerializer.SerializeToElement("free"))],
            2 => [new PropertyFilter("tier", "exact", JsonSerializer.SerializeToElement("gold"), PropertyScope.Person)],
            _ => [],
        };
        return new PathsQuery
        {
            DateRange = range,
            StartPoint = start,
            EndPoint = end,
            StepLimit = start is not null && end is not null ? random.Next(3, 7) : random.Next(2, 11),
            IncludeEventTypes = random.Next(12) switch
            {
                0 => [],
                1 => ["$pageview"],
                2 => ["custom_event"],
                3 => ["custom_event", "$pageview"],
                4 => ["$pageview", "signup", "buy"],
                5 => ["nope"],
                _ => null,
            },
            ExcludeEvents = random.Next(8) switch
            {
                0 => ["share"],
                1 => ["/home"],
                2 => ["$pageview"],
                3 => ["view", "/"],
                _ => null,
            },
            PageviewProperty = pageviewProperty,
            SessionGapMinutes = Pick(random, 30, 30, 5, 1, 60),
            EdgeLimit = Pick(random, 50, 50, 3, 8, 1000, 1),
            MinEdgeWeight = random.NextDouble() < 0.15 ? 2 : null,
            MaxEdgeWeight = random.NextDouble() < 0.1 ? 3 : null,
            Properties = filters,
        };
    }

    private static void AssertSame(PathsReference.Answer expected, PathsResult actual, string because)
    {
        Assert.True(expected.Paths == actual.Paths, $"{because}\npaths: expected {expected.Paths}, got {actual.Paths}");
        Assert.True(expected.Persons == actual.Persons, $"{because}\npersons: expected {expected.Persons}, got {actual.Persons}");
        var expectedNodes = expected.Nodes.Select(n => $"{n.Step}_{n.Name}{(n.Collapsed ? "*" : "")} p={n.Paths} u={n.Persons} d={n.DropOff} du={n.DropOffPersons}");
        var actualNodes = actual.Nodes.Select(n => $"{n.Step}_{n.Name}{(n.Collapsed ? "*" : "")} p={n.Paths} u={n.Persons} d={n.DropOff} du={n.DropOffPersons}");
        Assert.True(expectedNodes.SequenceEqual(actualNodes), $"{because}\nnodes:\n{string.Join("\n", expectedNodes)}\nvs\n{string.Join("\n", actualNodes)}");
        var expectedLinks = expected.Links.Select(l => $"{l.Source}->{l.Target} v={l.Value} u={l.Persons}");
        var actualLinks = actual.Links.Select(l => $"{l.Source}->{l.Target} v={l.Value} u={l.Persons}");
        Assert.True(expectedLinks.SequenceEqual(actualLinks), $"{because}\nlinks:\n{string.Join("\n", expectedLinks)}\nvs\n{string.Join("\n", actualLinks)}");
        for (var i = 0; i < expected.Links.Count; i++)
        {
            var (e, a) = (expected.Links[i].AverageSeconds, actual.Links[i].AverageSeconds);
            Assert.True(Math.Abs(e - a) <= 1e-9 * Math.Max(1, Math.Abs(e)), $"{because}\nlink {i} average seconds {e} vs {a}");
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static T Pick<T>(Random random, params T[] options) => options[random.Next(options.Length)];
}
