using System.Text.Json;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Overview;
using Yunying.Analytics.Tests.Query.Retention;

namespace Yunying.Analytics.Tests.Query.Overview;

/// <summary>The engine's AARRR overview against <see cref="OverviewReference"/> over many generated datasets and queries.</summary>
public sealed class OverviewRandomizedTests : RandomizedStoreTests
{
    private const int SeedCount = 30;

    public static TheoryData<int> Seeds() => SeedsUpTo(SeedCount);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Overview_RandomDatasetAndQueries_SameAsReference(int seed)
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
            var actual = (OverviewResult)engine.Value;
            foreach (var (period, previous) in new[] { (actual.Current, false), (actual.Previous, true) })
            {
                var expected = OverviewReference.Run(data, query, now, previous);
                var which = $"{because}, {(previous ? "previous" : "current")}";
                Assert.True(expected.NewPeople == period.NewPeople, $"{which}: new people {expected.NewPeople} vs {period.NewPeople}");
                Assert.True(expected.ActivePeople == period.ActivePeople, $"{which}: active {expected.ActivePeople} vs {period.ActivePeople}");
                Assert.True(RandomParts.Close(expected.Revenue, period.Revenue), $"{which}: revenue {expected.Revenue} vs {period.Revenue}");
                Assert.True(expected.Paying == period.PayingPeople, $"{which}: paying");
                Assert.True(expected.Referrals == period.ReferralEvents, $"{which}: referrals");
                Assert.True(
                    expected.Funnel.SequenceEqual(period.Funnel.Select(s => s.People)),
                    $"{which}: funnel {string.Join(",", expected.Funnel)} vs {string.Join(",", period.Funnel.Select(s => s.People))}");
                var rates = new[] { period.D1, period.D7, period.D30 };
                for (var i = 0; i < rates.Length; i++)
                {
                    Assert.True(
                        expected.Retention[i] is null ? rates[i] is null : rates[i] is { } r && RandomParts.Close(expected.Retention[i]!.Value, r),
                        $"{which}: retention {i}: {expected.Retention[i]} vs {rates[i]}");
                }

                var channels = period.Channels.ToDictionary(c => c.Breakdown.Label, c => c.NewPeople, StringComparer.Ordinal);
                Assert.True(
                    expected.Channels.OrderBy(c => c.Key, StringComparer.Ordinal).SequenceEqual(channels.OrderBy(c => c.Key, StringComparer.Ordinal)),
                    $"{which}: channels {JsonSerializer.Serialize(expected.Channels)} vs {JsonSerializer.Serialize(channels)}");
                Assert.Equal(channels.GetValueOrDefault(query.InviteChannel), period.InvitedNewPeople);
            }
        }
    }

    [Fact]
    public void RandomCases_CoverWhatTheComparisonNeeds()
    {
        var figures = new List<OverviewReference.Figures>();
        for (var seed = 1; seed <= SeedCount; seed++)
        {
            var (data, now, queries) = Case(seed);
            figures.AddRange(queries.Select(q => OverviewReference.Run(data, q, now, previous: false)));
        }

        Assert.True(figures.Count(f => f.Funnel[1] > 0 && f.Funnel[1] < f.Funnel[0]) > 20, "some activated, some not");
        Assert.True(figures.Count(f => f.Funnel[3] > 0) > 10, "promoters");
        Assert.True(figures.Count(f => f.Retention[0] is > 0) > 10, "D1 with returns");
        Assert.True(figures.Count(f => f.Retention[1] is not null) > 10, "D7 measured");
        Assert.True(figures.Count(f => f.Channels.Count > 2) > 20, "several channels");
        Assert.True(figures.Count(f => f.NewPeople == 0) > 3, "empty periods");
    }

    private static (PlainDataset Data, long Now, List<OverviewQuery> Queries) Case(int seed)
    {
        var random = new Random(seed);
        var (data, now) = RandomParts.Dataset(seed, random);
        var queries = new List<OverviewQuery>();
        for (var i = 0; i < 4; i++)
        {
            var from = data.Middle.AddDays(random.Next(-20, 10));
            queries.Add(new OverviewQuery
            {
                DateRange = random.NextDouble() < 0.2
                    ? null
                    : new DateRange(RandomParts.Date(from), RandomParts.Date(from.AddDays(random.Next(0, 20)))),
                ActivationEvent = RandomParts.Pick(random, "signup", "buy"),
                ActivationDays = random.Next(1, 10),
                RevenueEvent = "buy",
                RevenueProperty = "amount",
                ReferralEvents = RandomParts.Pick<string[]>(random, ["share"], ["share", "signup"]),
                AcquisitionProperty = RandomParts.Pick(random, "city", "plan"),
                InviteChannel = "Beijing",
                ChannelLimit = 100,
                Properties = RandomParts.Filters(random, random.NextDouble() < 0.7 ? 0 : 1),
            });
        }

        return (data, now, queries);
    }
}
