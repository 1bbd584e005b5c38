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

        for (var q = 0; q < queries.Count; q++)
        {
            var query = queries[q];
            var because = $"seed {seed}, query {q}: {JsonSerializer.Serialize<AnalyticsQuery>(query, QueryJson.Options)}";
            var engine = QueryRunner.Run(query, context);
            Assert.True(engine.IsSuccess, $"{because}: {engine.Error?.Message}");
            var actual = (LifecycleResult)engine.Value;
            var expected = LifecycleReference.Run(data, query, now);
            Assert.True(expected.Labels.SequenceEqual(actual.Labels), $"{because}\nlabels\n{string.Join(",", expected.Labels)}\n{string.Join(",", actual.Labels)}");
            Assert.Equal(["new", "returning", "resurrecting", "dormant"], actual.Lines.Select(l => l.Status));
            long[][] lines = [expected.New, expected.Returning, expected.Resurrecting, expected.Dormant];
            for (var i = 0; i < 4; i++)
            {
                Assert.True(lines[i].SequenceEqual(actual.Lines[i].Values), $"{because}\n{actual.Lines[i].Status}\n{string.Join(",", lines[i])}\n{string.Join(",", actual.Lines[i].Values)}");
                Assert.Equal(lines[i].Sum(), actual.Lines[i].Total);
            }
        }
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
