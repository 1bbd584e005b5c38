using System.Text.Json;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Distribution;
using Yunying.Analytics.Tests.Query.Retention;

namespace Yunying.Analytics.Tests.Query.Distribution;

/// <summary>The engine's distribution against <see cref="DistributionReference"/> over many generated datasets and queries.</summary>
public sealed class DistributionRandomizedTests : RandomizedStoreTests
{
    private const int SeedCount = 40;

    public static TheoryData<int> Seeds() => SeedsUpTo(SeedCount);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Distribution_RandomDatasetAndQueries_SameAsReference(int seed)
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
            var actual = (DistributionResult)engine.Value;
            var expected = DistributionReference.Run(data, query, now);
            var actualBuckets = actual.Buckets.Select(b => new DistributionReference.Bucket(b.Label, b.From, b.To, b.Persons)).ToList();
            Assert.True(expected.Buckets.SequenceEqual(actualBuckets), $"{because}\n{string.Join(" ", expected.Buckets)}\n{string.Join(" ", actualBuckets)}");
            Assert.True(expected.Total == actual.Total && expected.Min == actual.Min && expected.Max == actual.Max && expected.Average == actual.Average, $"{because}\n{expected}\n{actual}");
        }
    }

    [Fact]
    public void RandomCases_CoverWhatTheComparisonNeeds()
    {
        var answers = new List<(DistributionQuery Query, DistributionReference.Answer Answer)>();
        for (var seed = 1; seed <= SeedCount; seed++)
        {
            var (data, now, queries) = Case(seed);
            answers.AddRange(queries.Select(q => (q, DistributionReference.Run(data, q, now))));
        }

        Assert.True(answers.Count(a => a.Query.Measure == DistributionMeasure.Count && a.Answer.Buckets.Count(b => b.Persons > 0) > 2) > 30, "counts spread over buckets");
        Assert.True(answers.Count(a => a.Query.Measure == DistributionMeasure.Sum && a.Answer.Buckets.Count(b => b.Persons > 0) > 2) > 30, "sums spread over buckets");
        Assert.True(answers.Count(a => a.Query.Edges is null && a.Answer.Buckets.Count > 1 && a.Answer.Buckets[1].To - a.Answer.Buckets[1].From > 1) > 10, "automatic widths above 1");
        Assert.True(answers.Count(a => a.Answer.Buckets.Any(b => b.From is null && b.Persons > 0)) > 5, "values below the first edge");
        Assert.True(answers.Count(a => a.Answer.Total == 0) > 5, "empty answers");
    }

    private static (PlainDataset Data, long Now, List<DistributionQuery> Queries) Case(int seed)
    {
        var random = new Random(seed);
        var (data, now) = RandomParts.Dataset(seed, random);
        var queries = new List<DistributionQuery>();
        for (var i = 0; i < 8; i++)
        {
            var sum = random.NextDouble() < 0.5;
            double[]? edges = random.NextDouble() < 0.6 ? null : sum
                ? RandomParts.Pick(random, new double[] { 0, 10.5, 50, 100 }, [-5, 20], [25], [30, 60, 90, 120, 150, 200])
                : RandomParts.Pick(random, new double[] { 1, 2, 3, 5, 10 }, [2, 4], [0.5, 3], [3]);
            var from = data.Middle.AddDays(random.Next(-20, 8));
            queries.Add(new DistributionQuery
            {
                DateRange = random.NextDouble() < 0.3
                    ? new DateRange($"-{random.Next(0, 20)}d")
                    : new DateRange(RandomParts.Date(from), RandomParts.Date(from.AddDays(random.Next(0, 25)))),
                Event = RandomParts.Event(random),
                Measure = sum ? DistributionMeasure.Sum : DistributionMeasure.Count,
                Property = sum ? RandomParts.Pick(random, "amount", "amount", "amount", "city") : null,
                Edges = edges,
                BucketCount = random.NextDouble() < 0.5 ? null : random.Next(1, 13),
                Properties = RandomParts.Filters(random, random.NextDouble() < 0.6 ? 0 : random.Next(1, 3)),
            });
        }

        return (data, now, queries);
    }
}
