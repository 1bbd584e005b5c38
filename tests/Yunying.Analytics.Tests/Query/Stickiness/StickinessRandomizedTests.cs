using System.Text.Json;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Stickiness;
using Yunying.Analytics.Tests.Query.Retention;

namespace Yunying.Analytics.Tests.Query.Stickiness;

/// <summary>The engine's stickiness against <see cref="StickinessReference"/> over many generated datasets and queries.</summary>
public sealed class StickinessRandomizedTests : RandomizedStoreTests
{
    private const int SeedCount = 40;

    public static TheoryData<int> Seeds() => SeedsUpTo(SeedCount);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Stickiness_RandomDatasetAndQueries_SameAsReference(int seed)
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
            var actual = (StickinessResult)engine.Value;
            var expected = StickinessReference.Run(data, query, now);
            Assert.True(expected.SequenceEqual(actual.Persons), $"{because}\n{string.Join(",", expected)}\n{string.Join(",", actual.Persons)}");
            Assert.Equal(Enumerable.Range(1, expected.Length), actual.ActiveIntervals);
            Assert.Equal(query.Cumulative ? expected.FirstOrDefault() : expected.Sum(), actual.Total);

            // One bar's persons: the plain list of persons with that many active intervals (or more, cumulative).
            if (expected.Length > 0)
            {
                var random = new Random((seed * 131) + q);
                var full = Enumerable.Range(1, expected.Length).Where(k => expected[k - 1] > 0).ToList();
                var bucket = full.Count > 0 ? full[random.Next(full.Count)] : random.Next(1, expected.Length + 1);
                var options = new StickinessPeopleOptions(bucket, random.Next(1, 15), random.Next(0, 3));
                var drilled = (StickinessResult)QueryRunner.Run(query with { People = options }, context).Value;
                StickinessReference.Run(data, query, now, out var active);
                var reference = active.Where(a => query.Cumulative ? a.Value >= bucket : a.Value == bucket)
                    .Select(a => personIds[a.Key]).OrderBy(id => id.ToString("D"), StringComparer.Ordinal).ToList();
                Assert.True(drilled.People!.Total == expected[bucket - 1], $"{because}, people {options}: total {drilled.People.Total}, the bar holds {expected[bucket - 1]}");
                Assert.True(reference.Skip(options.Offset).Take(options.Limit).SequenceEqual(drilled.People.PersonIds), $"{because}, people {options}");
            }
        }
    }

    [Fact]
    public void RandomCases_CoverWhatTheComparisonNeeds()
    {
        var answers = new List<(StickinessQuery Query, long[] Answer)>();
        for (var seed = 1; seed <= SeedCount; seed++)
        {
            var (data, now, queries) = Case(seed);
            answers.AddRange(queries.Select(q => (q, StickinessReference.Run(data, q, now))));
        }

        Assert.True(answers.Count(a => a.Answer.Skip(1).Any(v => v > 0)) > 60, "persons active in several intervals");
        Assert.True(answers.Count(a => a.Answer.All(v => v == 0)) > 5, "empty answers");
        Assert.True(answers.Count(a => a.Query.Interval == Interval.Week && a.Answer.Skip(1).Any(v => v > 0)) > 10, "weekly");
        Assert.True(answers.Count(a => a.Query.Cumulative && a.Answer.Skip(1).Any(v => v > 0)) > 20, "cumulative");
        Assert.True(answers.Count(a => a.Answer.Length > 64 && a.Answer.Skip(3).Any(v => v > 0)) > 3, "more than 64 intervals");
    }

    private static (PlainDataset Data, long Now, List<StickinessQuery> Queries) Case(int seed)
    {
        var random = new Random(seed);
        var (data, now) = RandomParts.Dataset(seed, random);
        var queries = new List<StickinessQuery>();
        for (var i = 0; i < 8; i++)
        {
            var interval = RandomParts.Interval(random);
            queries.Add(new StickinessQuery
            {
                DateRange = RandomParts.Range(random, data.Middle, interval),
                Interval = interval,
                Event = RandomParts.Event(random),
                Cumulative = random.NextDouble() < 0.3,
                Properties = RandomParts.Filters(random, random.NextDouble() < 0.6 ? 0 : random.Next(1, 3)),
            });
        }

        return (data, now, queries);
    }
}
