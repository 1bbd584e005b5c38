using System.Net;

namespace Yunying.Analytics.Tests.Query.Paths;

/// <summary>Paths through the real HTTP API, checked by hand, and its problem answers.</summary>
public sealed class PathsApiTests
{
    [Fact]
    public async Task Paths_AfterHomePageByPathname_HandChecked()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);
        // a1 browses /home, /home/ (the same page), /pricing, then signs up as u1; $identify is not a step
        // (custom events and page views only). u1 comes back after more than 30 minutes: a second path.
        // u3's signup is exactly 30 minutes after /pricing: still the same session. u4 never sees /home.
        await server.SendBatchAsync("""
            [
              {"event":"$pageview","distinct_id":"a1","timestamp":"2026-11-01T10:00:00Z","properties":{"$pathname":"/home"}},
              {"event":"$pageview","distinct_id":"a1","timestamp":"2026-11-01T10:01:00Z","properties":{"$pathname":"/home/"}},
              {"event":"$pageview","distinct_id":"a1","timestamp":"2026-11-01T10:02:00Z","properties":{"$pathname":"/pricing"}},
              {"event":"$identify","distinct_id":"u1","timestamp":"2026-11-01T10:03:00Z","properties":{"$anon_distinct_id":"a1"}},
              {"event":"signup","distinct_id":"u1","timestamp":"2026-11-01T10:03:00Z"},
              {"event":"$pageview","distinct_id":"u2","timestamp":"2026-11-01T10:00:00Z","properties":{"$pathname":"/home"}},
              {"event":"$pageview","distinct_id":"u2","timestamp":"2026-11-01T10:10:00Z","properties":{"$pathname":"/docs"}}
            ]
            """, ct);
        await server.SealAsync(ct);
        await server.SendBatchAsync("""
            [
              {"event":"$pageview","distinct_id":"u1","timestamp":"2026-11-01T12:00:00Z","properties":{"$pathname":"/home"}},
              {"event":"purchase","distinct_id":"u1","timestamp":"2026-11-01T12:05:00Z"},
              {"event":"$pageview","distinct_id":"u3","timestamp":"2026-11-01T10:00:00Z","properties":{"$pathname":"/home"}},
              {"event":"$pageview","distinct_id":"u3","timestamp":"2026-11-01T10:20:00Z","properties":{"$pathname":"/pricing"}},
              {"event":"signup","distinct_id":"u3","timestamp":"2026-11-01T10:50:00Z"},
              {"event":"$pageview","distinct_id":"u4","timestamp":"2026-11-01T10:00:00Z","properties":{"$pathname":"/docs"}}
            ]
            """, ct);

        var (status, body) = await server.QueryAsync("""
            {"kind":"paths","dateRange":{"from":"2026-11-01","to":"2026-11-01"},"startPoint":"/home","stepLimit":3,
             "includeEventTypes":["$pageview","custom_event"],"pageviewProperty":"$pathname"}
            """, ct);

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("paths", body["kind"]!.GetValue<string>());
        Assert.Equal("Asia/Shanghai", body["timeZone"]!.GetValue<string>());
        Assert.Equal(4, body["paths"]!.GetValue<long>());
        Assert.Equal(3, body["persons"]!.GetValue<long>());
        var nodes = body["nodes"]!.AsArray().Select(n => (
            Step: n!["step"]!.GetValue<int>(),
            Name: n["name"]!.GetValue<string>(),
            Paths: n["paths"]!.GetValue<long>(),
            Persons: n["persons"]!.GetValue<long>(),
            DropOff: n["dropOff"]!.GetValue<long>())).ToList();
        Assert.Equal(
            [(1, "/home", 4L, 3L, 0L), (2, "/pricing", 2L, 2L, 0L), (2, "/docs", 1L, 1L, 1L), (2, "purchase", 1L, 1L, 1L), (3, "signup", 2L, 2L, 2L)],
            nodes);
        var links = body["links"]!.AsArray().Select(l => (
            Source: l!["source"]!.GetValue<int>(),
            Target: l["target"]!.GetValue<int>(),
            Value: l["value"]!.GetValue<long>(),
            Persons: l["persons"]!.GetValue<long>(),
            Seconds: l["averageSeconds"]!.GetValue<double>())).ToList();
        // /home → /pricing: a1's /home counts at 10:01 (the later of the repeat), so (60 s + 1200 s) / 2.
        Assert.Equal(
            [(0, 1, 2L, 2L, 630.0), (1, 4, 2L, 2L, 930.0), (0, 2, 1L, 1L, 600.0), (0, 3, 1L, 1L, 300.0)],
            links);
    }

    [Theory]
    [InlineData("""{"kind":"paths","stepLimit":11}""", "stepLimit")]
    [InlineData("""{"kind":"paths","stepLimit":1}""", "stepLimit")]
    [InlineData("""{"kind":"paths","startPoint":"a","endPoint":"b","stepLimit":2}""", "stepLimit")]
    [InlineData("""{"kind":"paths","sessionGapMinutes":0}""", "sessionGapMinutes")]
    [InlineData("""{"kind":"paths","edgeLimit":0}""", "edgeLimit")]
    [InlineData("""{"kind":"paths","minEdgeWeight":5,"maxEdgeWeight":2}""", "minEdgeWeight")]
    public async Task Paths_BadLimits_ProblemNamingTheField(string json, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);

        var (status, body) = await server.QueryAsync(json, ct);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("query.invalid", body["code"]!.GetValue<string>());
        Assert.NotNull(body["errors"]![field]);
    }
}
