using System.Globalization;
using System.Text.Json;
using Yunying.Analytics.Query;

namespace Yunying.Analytics.Tests.Query;

/// <summary>The engine's trends against <see cref="TrendsReference"/> over many generated datasets and queries.</summary>
public sealed class TrendsRandomizedTests : RandomizedStoreTests
{
    private const int SeedCount = 60;

    public static TheoryData<int> Seeds() => SeedsUpTo(SeedCount);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Trends_RandomDatasetAndQueries_SameAsReference(int seed)
    {
        var ct = TestContext.Current.CancellationToken;
        var (data, now, queries) = Case(seed);
        var context = await data.LoadAsync(Store, Guid.NewGuid(), new Random(seed * 7919), now, ct);
        var personIds = Funnels.FunnelRandomizedTests.PersonIds(data, context);
        var drilledPoints = 0;

        for (var q = 0; q < queries.Count; q++)
        {
            var query = queries[q];
            var description = JsonSerializer.Serialize(query, QueryJson.Options);
            var engine = QueryRunner.Run(query, context);
            Assert.True(engine.IsSuccess, $"{description}: {engine.Error?.Message}");
            var actual = ((TrendsResult)engine.Value).Lines;
            var expected = TrendsReference.Run(data, query, now);
            AssertSame(expected, actual, $"seed {seed}, query {q}: {description}");
            if (Point(query, expected, new Random((seed * 131) + q)) is { } point)
            {
                var drilled = query with { People = point.Options };
                var answer = QueryRunner.Run(drilled, context);
                var because = $"seed {seed}, query {q}: {description}, people {point.Options}";
                Assert.True(answer.IsSuccess, $"{because}: {answer.Error?.Message}");
                var people = ((TrendsResult)answer.Value).People!;
                TrendsReference.Run(data, drilled, now, personIds, out var reference);
                Assert.True(reference!.Count == people.Total, $"{because}: total {people.Total} vs reference {reference.Count}");
                Assert.True(reference.Skip(point.Options.Offset).Take(point.Options.Limit).SequenceEqual(people.PersonIds), $"{because}: {string.Join(",", people.PersonIds)} vs {string.Join(",", reference)}");
                if (point.Math is "dau" or "weekly_active" or "monthly_active")
                {
                    Assert.True(people.Total == point.Value, $"{because}: total {people.Total}, the point holds {point.Value}");
                }

                drilledPoints++;
            }
        }

        Assert.True(drilledPoints > 0 || queries.All(q => q.Formula is not null), "some points drilled into");
    }

    /// <summary>A random point of a series line (not a formula's, not a repeated local hour), as a people option, with its math and value.</summary>
    private static (TrendsPeopleOptions Options, string Math, double Value)? Point(TrendsQuery query, List<TrendsReference.Line> lines, Random random)
    {
        var points = lines
            .Where(l => l.Series >= 0)
            .SelectMany(l => l.Labels.Select((label, b) => (Line: l, Label: label, Value: l.Values[b])))
            .Where(p => p.Line.Labels.Count(x => x == p.Label) == 1)
            .ToList();
        if (points.Count == 0)
        {
            return null;
        }

        var full = points.Where(p => p.Value != 0).ToList();
        var (line, label, value) = full.Count > 0 && random.NextDouble() < 0.85 ? full[random.Next(full.Count)] : points[random.Next(points.Count)];
        var breakdown = line.Breakdown is null ? null : new BreakdownBucket(line.Breakdown, line.BreakdownKind switch
        {
            "none" => BreakdownBucketKind.None,
            "other" => BreakdownBucketKind.Other,
            _ => BreakdownBucketKind.Value,
        });
        var math = TrendsReference.Canonical(query.Series[line.Series].Math);
        return (new TrendsPeopleOptions(line.Series, label, breakdown, line.Compare == "previous" ? "previous" : null, random.Next(1, 15), random.Next(0, 3)), math, value);
    }

    [Fact]
    public void RandomCases_CoverWhatTheComparisonNeeds()
    {
        // The comparison above means little if the generated cases were mostly empty: check they are not.
        var lines = new List<TrendsReference.Line>();
        var queries = new List<TrendsQuery>();
        for (var seed = 1; seed <= SeedCount; seed++)
        {
            var (data, now, cases) = Case(seed);
            queries.AddRange(cases);
            lines.AddRange(cases.SelectMany(q => TrendsReference.Run(data, q, now)));
        }

        var withData = lines.Count(l => l.Values.Any(v => v != 0));
        Assert.True(withData > lines.Count / 2, $"most lines have data: {withData} of {lines.Count}");
        Assert.True(lines.Count(l => l.Values.All(v => v == 0)) > 20, "some lines are empty");
        Assert.True(lines.Count(l => l.BreakdownKind == "none") > 20, "(none) buckets");
        Assert.True(lines.Count(l => l.BreakdownKind == "other") > 20, "(other) buckets");
        Assert.True(lines.Count(l => l.Compare == "previous" && l.Values.Any(v => v != 0)) > 20, "previous periods with data");
        Assert.True(lines.Count(l => l.Series == -1 && l.Values.Any(v => v != 0)) > 10, "formulas with data");
        Assert.True(lines.Count(l => l.Labels.Distinct().Count() < l.Labels.Length) > 0, "a repeated local hour");
        Assert.True(lines.Count(l => l.Labels.Contains("2026-11-01") || l.Labels.Contains("2026-03-08")) > 50, "DST days");
        foreach (var math in new[] { "dau", "weekly_active", "monthly_active", "median", "p90", "avg_count_per_actor" })
        {
            Assert.True(queries.Count(q => q.Series.Any(s => s.Math == math)) > 5, math);
        }
    }

    /// <summary>Seed → dataset, "now" and the queries to compare, independent of how the engine is loaded.</summary>
    private static (PlainDataset Data, long Now, List<TrendsQuery> Queries) Case(int seed)
    {
        var random = new Random(seed);

        // New York across both daylight-saving changes of 2026, and Shanghai (no DST).
        var (zone, middle) = (seed % 3) switch
        {
            0 => ("America/New_York", new DateOnly(2026, 11, 1)),
            1 => ("America/New_York", new DateOnly(2026, 3, 8)),
            _ => ("Asia/Shanghai", new DateOnly(2026, 6, 15)),
        };
        var data = PlainDataset.Generate(seed, zone, middle, random.Next(4, 40));
        var nowLocal = middle.AddDays(random.Next(-3, 10)).ToDateTime(new TimeOnly(12, 34, 56));
        var now = PlainDataset.Micros(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(nowLocal, data.Zone), TimeSpan.Zero));
        var queries = Enumerable.Range(0, 8).Select(_ => RandomQuery(random, middle)).ToList();
        return (data, now, queries);
    }

    internal static void AssertSame(IReadOnlyList<TrendsReference.Line> expected, IReadOnlyList<TrendLine> actual, string because)
    {
        Assert.True(expected.Count == actual.Count, $"{because}\nlines: expected {expected.Count} [{string.Join(", ", expected.Select(l => l.Breakdown))}], got {actual.Count} [{string.Join(", ", actual.Select(l => l.Breakdown?.Label))}]");
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            var where = $"{because}\nline {i} ({e.Label} / {e.Breakdown} / {e.Compare})";
            Assert.True(e.Label == a.Label, $"{where}: label {a.Label}");
            Assert.True(e.Series == a.Series, $"{where}: series {a.Series}");
            Assert.True(e.Breakdown == a.Breakdown?.Label, $"{where}: breakdown {a.Breakdown?.Label}");
            Assert.True(e.BreakdownKind == a.Breakdown?.Kind.ToString().ToLowerInvariant(), $"{where}: breakdown kind {a.Breakdown?.Kind}");
            Assert.True(e.Compare == a.Compare, $"{where}: compare {a.Compare}");
            Assert.True(e.Labels.SequenceEqual(a.Labels), $"{where}: labels\n{string.Join(",", e.Labels)}\n{string.Join(",", a.Labels)}");
            Assert.True(e.Values.Length == a.Values.Count && e.Values.Zip(a.Values).All(p => Close(p.First, p.Second)), $"{where}: values\n{string.Join(",", e.Values)}\n{string.Join(",", a.Values)}");
            Assert.True(Close(e.Total, a.Total), $"{where}: total {e.Total} vs {a.Total}");
        }
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static TrendsQuery RandomQuery(Random random, DateOnly middle)
    {
        var interval = random.Next(10) switch
        {
            < 6 => Interval.Day,
            < 8 => Interval.Hour,
            8 => Interval.Week,
            _ => Interval.Month,
        };
        DateRange range;
        if (random.NextDouble() < 0.3)
        {
            range = new DateRange($"-{random.Next(0, interval == Interval.Hour ? 2 : 20)}d");
        }
        else
        {
            var from = middle.AddDays(random.Next(-8, 4));
            var days = interval == Interval.Hour ? random.Next(0, 3) : random.Next(0, 20);
            range = new DateRange(Date(from), Date(from.AddDays(days)));
        }

        var seriesCount = random.Next(1, 4);
        var series = new List<TrendSeries>();
        for (var i = 0; i < seriesCount; i++)
        {
            var maths = interval == Interval.Day
                ? new[] { "total", "dau", "unique", "weekly_active", "monthly_active", "avg_count_per_actor", "sum", "avg", "min", "max", "median", "p90" }
                : ["total", "dau", "avg_count_per_actor", "sum", "avg", "min", "max", "median", "p90"];
            var math = maths[random.Next(maths.Length)];
            series.Add(new TrendSeries
            {
                Event = random.NextDouble() < 0.2 ? null : Pick(random, "view", "buy", "signup", "share", "never_seen"),
                Math = math,
                MathProperty = math is "sum" or "avg" or "min" or "max" or "median" or "p90" ? "amount" : null,
                Properties = RandomFilters(random, random.NextDouble() < 0.5 ? 0 : random.Next(1, 3)),
            });
        }

        Breakdown? breakdown = null;
        if (random.NextDouble() < 0.45)
        {
            breakdown = random.Next(6) switch
            {
                0 => new Breakdown("tier", PropertyScope.Person, random.Next(1, 4)),
                1 => new Breakdown("vip", PropertyScope.Event, random.Next(1, 3)),
                2 => new Breakdown("plan", PropertyScope.Event, random.Next(1, 8)),
                3 => new Breakdown("nothing_has_this", PropertyScope.Event, 3),
                _ => new Breakdown("city", PropertyScope.Event, random.Next(1, 6)),
            };
        }

        var formulas = TrendsReference.Formulas.Keys.ToArray();
        return new TrendsQuery
        {
            DateRange = range,
            Interval = interval,
            Series = series,
            Properties = RandomFilters(random, random.Next(0, 2)),
            Breakdown = breakdown,
            Compare = random.NextDouble() < 0.3,
            Formula = seriesCount >= 2 && random.NextDouble() < 0.3 ? formulas[random.Next(formulas.Length)] : null,
        };
    }

    private static List<PropertyFilter> RandomFilters(Random random, int count)
    {
        var filters = new List<PropertyFilter>();
        for (var i = 0; i < count; i++)
        {
            var person = random.NextDouble() < 0.25;
            var key = person ? Pick(random, "tier", "age", "nope") : Pick(random, "city", "amount", "vip", "plan", "nope");
            var op = Pick(random, "exact", "equals", "is_not", "icontains", "not_icontains", "regex", "not_regex", "gt", "gte", "lt", "lte", "between", "not_between", "is_set", "is_not_set");
            var value = op switch
            {
                "exact" or "equals" or "is_not" => Pick(random, "[\"Beijing\",\"上海\"]", "\"gold\"", "5", "\"5\"", "true", "[\"pro\",\"team\",\"free\"]", "\"silver\""),
                "icontains" or "not_icontains" => Pick(random, "\"bei\"", "\"HAI\"", "\"o\"", "[\"e\",\"5\"]", "\"tru\""),
                "regex" or "not_regex" => Pick(random, "\"^B\"", "\"i$\"", "\"[0-9]\"", "\"^(pro|team)$\""),
                "between" or "not_between" => Pick(random, "[20,60]", "[\"10\",40.5]", "[0,5]"),
                "is_set" or "is_not_set" => null,
                _ => Pick(random, "50", "\"30\"", "5", "18"),
            };
            filters.Add(new PropertyFilter(key, op, value is null ? null : JsonDocument.Parse(value).RootElement.Clone(), person ? PropertyScope.Person : PropertyScope.Event));
        }

        return filters;
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static T Pick<T>(Random random, params T[] options) => options[random.Next(options.Length)];
}
