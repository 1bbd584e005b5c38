using System.Net;
using System.Text.Json.Nodes;
using Yunying.Analytics.Tests.Query.Retention;

namespace Yunying.Analytics.Tests.Query.Stickiness;

/// <summary>Hand-checked stickiness through the real HTTP API (<see cref="HandCheckedEvents"/>).</summary>
public sealed class StickinessApiTests
{
    [Fact]
    public async Task Stickiness_WeeksAndDays_PersonsByActiveIntervals()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);
        await server.SendBatchAsync(HandCheckedEvents.Batch, ct);

        var (status, weeks) = await server.QueryAsync("""
            {"kind":"stickiness","event":"$pageview","interval":"week","dateRange":{"from":"2026-10-05","to":"2026-10-25"}}
            """, ct);
        var (_, atLeast) = await server.QueryAsync("""
            {"kind":"stickiness","event":"$pageview","interval":"week","dateRange":{"from":"2026-10-05","to":"2026-10-25"},"cumulative":true}
            """, ct);
        var (_, days) = await server.QueryAsync("""
            {"kind":"stickiness","event":"$pageview","dateRange":{"from":"2026-10-11","to":"2026-10-14"}}
            """, ct);

        Assert.True(status == HttpStatusCode.OK, weeks.ToJsonString());
        // Weeks active in W1…W3: u1, u2, u3, u4 two each; u5, u6, u7 one each.
        Assert.Equal([1, 2, 3], weeks["activeIntervals"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal([3L, 4, 0], Longs(weeks["persons"]));
        Assert.Equal(7, weeks["total"]!.GetValue<long>());
        Assert.Equal([7L, 4, 0], Longs(atLeast["persons"]));
        // Local days 10-11 … 10-14: u5 (11th, 23:30), u3 (12th, 00:30), u1 (13th), u4 and u7 (14th): one day each.
        Assert.Equal([5L, 0, 0, 0], Longs(days["persons"]));
    }

    private static long[] Longs(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<long>())];
}
