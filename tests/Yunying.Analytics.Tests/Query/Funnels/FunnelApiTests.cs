using System.Net;
using System.Text.Json.Nodes;

namespace Yunying.Analytics.Tests.Query.Funnels;

/// <summary>Hand-checked funnels through the real HTTP API: capture, identity merges, sealed and live rows, the answer's JSON.</summary>
public sealed class FunnelApiTests
{
    [Fact]
    public async Task Funnel_AnonymousVisitThenSignUpAndPurchase_ConvertsThePersonAcrossTheMerge()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);
        // a1 views on the 1st and signs up as u1 on the 2nd, then buys; a2 only views; u3 views and signs up
        // but buys 15 days later (outside the default 14-day window). Shanghai time: 01:00Z is 09:00.
        await server.SendBatchAsync("""
            [
              {"event":"$pageview","distinct_id":"a1","timestamp":"2026-11-01T01:00:00Z"},
              {"event":"$pageview","distinct_id":"a2","timestamp":"2026-11-01T02:00:00Z"},
              {"event":"$pageview","distinct_id":"u3","timestamp":"2026-11-01T03:00:00Z"},
              {"event":"signup","distinct_id":"u3","timestamp":"2026-11-01T04:00:00Z"}
            ]
            """, ct);
        await server.SealAsync(ct);
        await server.SendBatchAsync("""
            [
              {"event":"$identify","distinct_id":"u1","timestamp":"2026-11-02T01:00:00Z","properties":{"$anon_distinct_id":"a1"}},
              {"event":"signup","distinct_id":"u1","timestamp":"2026-11-02T01:00:01Z"},
              {"event":"purchase","distinct_id":"u1","timestamp":"2026-11-02T01:30:01Z"},
              {"event":"purchase","distinct_id":"u3","timestamp":"2026-11-16T03:00:01Z"}
            ]
            """, ct);

        var (status, body) = await server.QueryAsync("""
            {"kind":"funnel","dateRange":{"from":"2026-11-01","to":"2026-11-03"},
             "steps":[{"event":"$pageview"},{"event":"signup","name":"Sign up"},{"event":"purchase"}],
             "people":{"step":2,"dropped":true}}
            """, ct);

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("funnel", body["kind"]!.GetValue<string>());
        Assert.Equal("ordered", body["order"]!.GetValue<string>());
        Assert.Equal(14, body["window"]!["value"]!.GetValue<int>());
        Assert.Equal("day", body["window"]!["unit"]!.GetValue<string>());
        var group = Assert.Single(body["groups"]!.AsArray())!;
        Assert.Null(group["breakdown"]);
        var steps = group["steps"]!.AsArray();
        Assert.Equal(["$pageview", "Sign up", "purchase"], steps.Select(s => s!["label"]!.GetValue<string>()));
        Assert.Equal([3L, 2, 1], steps.Select(s => s!["count"]!.GetValue<long>()));
        Assert.Equal(2.0 / 3, steps[1]!["conversionRate"]!.GetValue<double>(), 9);
        Assert.Equal(0.5, steps[2]!["stepConversionRate"]!.GetValue<double>(), 9);
        Assert.Equal(1, steps[2]!["droppedOff"]!.GetValue<long>());
        // Sign-ups: u1 after 1 day and 1 s, u3 after 1 hour; the purchase 30 minutes after u1's sign-up.
        Assert.Equal(((86_401.0) + 3_600) / 2, steps[1]!["averageSeconds"]!.GetValue<double>(), 6);
        Assert.Equal(1_800, steps[2]!["medianSeconds"]!.GetValue<double>(), 6);
        Assert.Null(steps[0]!["averageSeconds"]);
        var people = body["people"]!;
        Assert.Equal(1, people["total"]!.GetValue<long>());
        Assert.Single(people["personIds"]!.AsArray());
    }

    [Fact]
    public async Task Funnel_BreakdownStrictExclusionAndTrend_HandChecked()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);
        // u1 (ios): view, buy — converts. u2 (web): view, refund, buy — excluded. u3 (web): view, share, buy on the
        // 2nd — converts in order but not strictly. u4 (no platform): view only.
        await server.SendBatchAsync("""
            [
              {"event":"view","distinct_id":"u1","timestamp":"2026-11-01T01:00:00Z","properties":{"platform":"ios"}},
              {"event":"buy","distinct_id":"u1","timestamp":"2026-11-01T01:05:00Z","properties":{"platform":"ios"}},
              {"event":"view","distinct_id":"u2","timestamp":"2026-11-01T02:00:00Z","properties":{"platform":"web"}},
              {"event":"refund","distinct_id":"u2","timestamp":"2026-11-01T02:01:00Z"},
              {"event":"buy","distinct_id":"u2","timestamp":"2026-11-01T02:02:00Z","properties":{"platform":"web"}},
              {"event":"view","distinct_id":"u3","timestamp":"2026-11-02T03:00:00Z","properties":{"platform":"web"}},
              {"event":"share","distinct_id":"u3","timestamp":"2026-11-02T03:01:00Z"},
              {"event":"buy","distinct_id":"u3","timestamp":"2026-11-02T03:02:00Z","properties":{"platform":"web"}},
              {"event":"view","distinct_id":"u4","timestamp":"2026-11-02T04:00:00Z"}
            ]
            """, ct);

        var ordered = """
            {"kind":"funnel","dateRange":{"from":"2026-11-01","to":"2026-11-02"},
             "steps":[{"event":"view"},{"event":"buy"}],"window":{"value":1,"unit":"hour"},
             "exclusions":[{"event":"refund","fromStep":0,"toStep":1}],
             "breakdown":{"property":"platform"},"trend":{"interval":"day"}ORDER}
            """;
        var (status, body) = await server.QueryAsync(ordered.Replace("ORDER", string.Empty, StringComparison.Ordinal), ct);
        var (strictStatus, strict) = await server.QueryAsync(ordered.Replace("ORDER", ""","order":"strict" """, StringComparison.Ordinal), ct);

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        var groups = body["groups"]!.AsArray().ToDictionary(g => g!["breakdown"]!["label"]!.GetValue<string>());
        Assert.Equal(["ios", "web", "(none)"], groups.Keys); // one person each (u2 is excluded): ties go by label
        Assert.Equal([1L, 1], Counts(groups["web"]!));
        Assert.Equal([1L, 1], Counts(groups["ios"]!));
        Assert.Equal([1L, 0], Counts(groups["(none)"]!));
        Assert.Equal("none", groups["(none)"]!["breakdown"]!["kind"]!.GetValue<string>());
        var trend = groups["web"]!["trend"]!;
        Assert.Equal(["2026-11-01", "2026-11-02"], trend["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal([0L, 1], trend["entered"]!.AsArray().Select(l => l!.GetValue<long>()));
        Assert.Equal([0L, 1], trend["converted"]!.AsArray().Select(l => l!.GetValue<long>()));

        Assert.True(strictStatus == HttpStatusCode.OK, strict.ToJsonString());
        var strictGroups = strict["groups"]!.AsArray().ToDictionary(g => g!["breakdown"]!["label"]!.GetValue<string>());
        Assert.Equal([1L, 0], Counts(strictGroups["web"]!));
        Assert.Equal([1L, 1], Counts(strictGroups["ios"]!));
    }

    [Theory]
    [InlineData("""{"kind":"funnel","steps":[{"event":"a"}]}""", "query.invalid", "steps")]
    [InlineData("""{"kind":"funnel","steps":[{},{}],"order":"sideways"}""", "query.invalid", null)]
    [InlineData("""{"kind":"funnel","steps":[{},{}],"window":{"value":2,"unit":"year"}}""", "query.invalid", null)]
    [InlineData("""{"kind":"funnel","steps":[{},{"properties":[{"key":"x","operator":"near"}]}]}""", "query.filter_invalid", "steps[1].properties[0]")]
    public async Task Funnel_BadQuery_ProblemWithCodeAndField(string json, string code, string? field)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);

        var (status, body) = await server.QueryAsync(json, ct);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, body["code"]!.GetValue<string>());
        if (field is not null)
        {
            Assert.NotNull(body["errors"]![field]);
        }
    }

    private static long[] Counts(JsonNode group) => [.. group["steps"]!.AsArray().Select(s => s!["count"]!.GetValue<long>())];
}
