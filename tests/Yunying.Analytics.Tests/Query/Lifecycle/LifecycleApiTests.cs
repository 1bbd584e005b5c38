using System.Net;
using System.Text.Json.Nodes;
using Yunying.Analytics.Tests.Query.Retention;

namespace Yunying.Analytics.Tests.Query.Lifecycle;

/// <summary>Hand-checked lifecycle through the real HTTP API (<see cref="HandCheckedEvents"/>).</summary>
public sealed class LifecycleApiTests
{
    [Fact]
    public async Task Lifecycle_Weekly_NewReturningResurrectingDormant()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);
        await server.SendBatchAsync(HandCheckedEvents.Batch, ct);

        var (status, body) = await server.QueryAsync("""
            {"kind":"lifecycle","event":"$pageview","interval":"week","dateRange":{"from":"2026-10-05","to":"2026-10-25"}}
            """, ct);

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(["2026-10-05", "2026-10-12", "2026-10-19"], body["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        var lines = body["lines"]!.AsArray().ToDictionary(l => l!["status"]!.GetValue<string>(), l => Longs(l!["values"]));
        Assert.Equal(["new", "returning", "resurrecting", "dormant"], lines.Keys);
        // W1: u1, u2, u5 first seen (u4 was active in W0: returning). W2: u3 new; u1, u4 returning; u7 signed up in
        // W1 but first viewed in W2, so (as in PostHog) resurrecting; u2, u5 dormant. W3: u6 new, u3 returning,
        // u2 resurrecting; u1, u4, u7 dormant.
        Assert.Equal([3L, 1, 1], lines["new"]);
        Assert.Equal([1L, 2, 1], lines["returning"]);
        Assert.Equal([0L, 1, 1], lines["resurrecting"]);
        Assert.Equal([0L, -2, -3], lines["dormant"]);
        Assert.Equal(-5, body["lines"]![3]!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Lifecycle_People_OneBarsPersons_AndBadOptionsAreProblems()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);
        await server.SendBatchAsync(HandCheckedEvents.Batch, ct);
        static string Query(string people) =>
            """{"kind":"lifecycle","event":"$pageview","interval":"week","dateRange":{"from":"2026-10-05","to":"2026-10-25"},"people":"""
            + people + "}";

        // W2's dormant bar: u2 and u5, active in W1 and not in W2 (the line says -2).
        var (status, body) = await server.QueryAsync(Query("""{"date":"2026-10-12","status":"dormant"}"""), ct);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        var people = body["people"]!;
        Assert.Equal("2026-10-12", people["date"]!.GetValue<string>());
        Assert.Equal("dormant", people["status"]!.GetValue<string>());
        Assert.Equal(2, people["total"]!.GetValue<long>());
        Assert.Equal(2, people["personIds"]!.AsArray().Count);

        // W3's new bar is u6 alone; a page past it is empty but keeps the total.
        (status, body) = await server.QueryAsync(Query("""{"date":"2026-10-19","status":"new","offset":1}"""), ct);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(1, body["people"]!["total"]!.GetValue<long>());
        Assert.Empty(body["people"]!["personIds"]!.AsArray());

        foreach (var (options, field) in new[]
        {
            ("""{"date":"2026-10-13","status":"new"}""", "people.date"),
            ("""{"date":"2026-10-12","status":"active"}""", "people.status"),
            ("""{"date":"2026-10-12","status":"new","limit":0}""", "people.limit"),
        })
        {
            (status, body) = await server.QueryAsync(Query(options), ct);
            Assert.True(status == HttpStatusCode.BadRequest, body.ToJsonString());
            Assert.Equal("query.invalid", body["code"]!.GetValue<string>());
            Assert.NotNull(body["errors"]![field]);
        }
    }

    private static long[] Longs(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<long>())];
}
