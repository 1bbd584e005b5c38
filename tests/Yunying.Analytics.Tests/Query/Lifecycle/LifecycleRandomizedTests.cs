using System.Text.Json;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Lifecycle;
using Yunying.Analytics.Tests.Query.Retention;

namespace Yunying.Analytics.Tests.Query.Lifecycle;

/// <summary>The engine's lifecycle against <see cref="LifecycleReference"/> over many generated datasets and queries.</summary>
public sealed class LifecycleRandomizedTests : RandomizedStoreTests
{
    private const int SeedCount = 40;

    public static TheoryData<int> Seeds() => SeedsUpTo(SeedCount);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Lifecycle_RandomDatasetAndQueries_SameAsReference(int seed)
    {
        var ct = TestContext.Current.CancellationToken;
        var (data, now, queries) = Case(seed);
        var context = await data.LoadAsync(Store, Guid.NewGuid(), new Random(seed * 7919), now, ct);
        var personIds = Funnels.FunnelRandomizedTests.PersonIds(data, context);

        for (var q = 0; q < queries.Count; q++)
        {
            var query = queries[q];
            var because = $"seed {seed}, query {q}: {JsonSerializer.Serialize<AnalyticsQuery>(query, QueryJson.Options)}";
            var engine = QueryRunner.Run(query, context);
            Assert.True(engine.IsSuccess, $"{because}: {engine.Error?.Message}");
            var actual = (LifecycleResult)engine.Value;
            var expected = LifecycleReference.Run(data, query, now, out var bars);
            Assert.True(expected.Labels.SequenceEqual(actual.Labels), $"{because}\nlabels\n{string.Join(",", expected.Labels)}\n{string.Join(",", actual.Labels)}");
            Assert.Equal(["new", "returning", "resurrecting", "dormant"], actual.Lines.Select(l => l.Status));
            long[][] lines = [expected.New, expected.Returning, expected.Resurrecting, expected.Dormant];
            for (var i = 0; i < 4; i++)
            {
                Assert.True(lines[i].SequenceEqual(actual.Lines[i].Values), $"{because}\n{actual.Lines[i].Status}\n{string.Join(",", lines[i])}\n{string.Join(",", actual.Lines[i].Values)}");
                Assert.Equal(lines[i].Sum(), actual.Lines[i].Total);
            }

            // Random bars' persons: the reference's persons of that (date, status), as many as the bar's value
            // (its size for dormant), each page a slice of them in id order.
            var random = new Random((seed * 131) + q);
            for (var c = 0; c < 3; c++)
            {
                var (status, interval) = Bar(bars, actual, random);
                var value = Math.Abs(actual.Lines[Array.IndexOf(Statuses, status)].Values[interval]);
                var reference = bars.GetValueOrDefault((status, interval), [])
                    .Select(p => personIds[p]).OrderBy(id => id.ToString("D"), StringComparer.Ordinal).ToList();
                var every = new LifecyclePeopleOptions(actual.Labels[interval], status, PersonPageLimit);
                var page = new LifecyclePeopleOptions(actual.Labels[interval], status, random.Next(1, 15), random.Next(0, 3));
                foreach (var options in new[] { every, page })
                {
                    var drilled = QueryRunner.Run(query with { People = options }, context);
                    Assert.True(drilled.IsSuccess, $"{because}, people {options}: {drilled.Error?.Message}");
                    var people = ((LifecycleResult)drilled.Value).People!;
                    Assert.True(people.Total == value, $"{because}, people {options}: total {people.Total}, the bar holds {value}");
                    Assert.True(
                        reference.Skip(options.Offset).Take(options.Limit).SequenceEqual(people.PersonIds),
                        $"{because}, people {options}: {string.Join(",", people.PersonIds)} vs {string.Join(",", reference)}");
                    if (options == every)
                    {
                        Assert.True(people.PersonIds.Count == value, $"{because}, people {options}: {people.PersonIds.Count} listed, the bar holds {value}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("2026-13-01", "new", 100, 0, "people.date")]
    [InlineData("", "returning", 100, 0, "people.date")]
    [InlineData("2026-11-02", "active", 100, 0, "people.status")]
    [InlineData("2026-11-02", "Dormant", 100, 0, "people.status")]
    [InlineData("2026-11-02", "dormant", 0, 0, "people.limit")]
    [InlineData("2026-11-02", "dormant", 100, -1, "people.offset")]
    public async Task BadPeopleOption_InvalidWithTheField(string date, string status, int limit, int offset, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var (data, now, _) = Case(1);
        var context = await data.LoadAsync(Store, Guid.NewGuid(), new Random(1), now, ct);
        var query = new LifecycleQuery
        {
            DateRange = new DateRange("2026-11-02", "2026-11-15"),
            Interval = Interval.Week,
            People = new LifecyclePeopleOptions(date, status, limit, offset),
        };

        var result = QueryRunner.Run(query, context);

        Assert.False(result.IsSuccess);
        Assert.Equal("query.invalid", result.Error.Code);
        Assert.Equal(field, result.Error.Field);
    }

    [Fact]
    public void RandomCases_CoverWhatTheComparisonNeeds()
    {
        var answers = new List<(LifecycleQuery Query, LifecycleReference.Answer Answer)>();
        for (var seed = 1; seed <= SeedCount; seed++)
        {
            var (data, now, queries) = Case(seed);
            answers.AddRange(queries.Select(q => (q, LifecycleReference.Run(data, q, now))));
        }

        Assert.True(answers.Count(a => a.Answer.New.Any(v => v > 0)) > 40, "new persons");
        Assert.True(answers.Count(a => a.Answer.Returning.Any(v => v > 0)) > 40, "returning persons");
        Assert.True(answers.Count(a => a.Answer.Resurrecting.Any(v => v > 0)) > 40, "resurrecting persons");
        Assert.True(answers.Count(a => a.Answer.Dormant.Any(v => v < 0)) > 40, "dormant persons");
        Assert.True(answers.Count(a => a.Answer.New.Concat(a.Answer.Returning).Concat(a.Answer.Resurrecting).All(v => v == 0)) > 5, "empty answers");
        Assert.True(answers.Count(a => a.Query.Interval == Interval.Week && a.Answer.Returning.Any(v => v > 0)) > 10, "weekly");
        Assert.True(answers.Count(a => a.Query.Interval == Interval.Month && a.Answer.New.Any(v => v > 0)) > 5, "monthly");
        Assert.True(answers.Any(a => a.Answer.Labels.Contains("2026-11-01") || a.Answer.Labels.Contains("2026-03-08")), "DST days");
        Assert.True(answers.Count(a => a.Answer.Labels.Length >= 64 && a.Answer.Returning.Skip(64).Any(v => v > 0)) > 3, "activity past the first 64 buckets");
    }

    private const int PersonPageLimit = 10_000;

    private static readonly string[] Statuses = ["new", "returning", "resurrecting", "dormant"];

    /// <summary>A random (status, interval) of the answer, most often one that holds persons.</summary>
    private static (string Status, int Interval) Bar(Dictionary<(string Status, int Interval), List<string>> bars, LifecycleResult answer, Random random)
    {
        var full = bars.Keys.OrderBy(k => k.Status, StringComparer.Ordinal).ThenBy(k => k.Interval).ToList();
        return full.Count > 0 && random.NextDouble() < 0.8
            ? full[random.Next(full.Count)]
            : (Statuses[random.Next(Statuses.Length)], random.Next(answer.Labels.Count));
    }

    private static (PlainDataset Data, long Now, List<LifecycleQuery> Queries) Case(int seed)
    {
        var random = new Random(seed);
        var (data, now) = RandomParts.Dataset(seed, random);
        var queries = new List<LifecycleQuery>();
        for (var i = 0; i < 8; i++)
        {
            var interval = RandomParts.Interval(random);
            queries.Add(new LifecycleQuery
            {
                DateRange = RandomParts.Range(random, data.Middle, interval),
                Interval = interval,
                Event = RandomParts.Event(random),
                Properties = RandomParts.Filters(random, random.NextDouble() < 0.6 ? 0 : random.Next(1, 3)),
            });
        }

        return (data, now, queries);
    }
}
