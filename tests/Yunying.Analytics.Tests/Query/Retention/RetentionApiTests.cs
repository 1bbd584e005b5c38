using System.Net;
using System.Text.Json.Nodes;

namespace Yunying.Analytics.Tests.Query.Retention;

/// <summary>Hand-checked retention through the real HTTP API (<see cref="HandCheckedEvents"/>).</summary>
public sealed class RetentionApiTests
{
    [Fact]
    public async Task Retention_WeeklyFirstTimeAndRecurring_HandChecked()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);
        await server.SendBatchAsync(HandCheckedEvents.Batch, ct);
        await server.SealAsync(ct);

        const string Range = """ "dateRange":{"from":"2026-10-07","to":"2026-10-25"},"period":"week","periods":2,"startEvent":{"event":"$pageview"},"returnEvent":{"event":"$pageview"} """;
        var (status, firstTime) = await server.QueryAsync($$"""{"kind":"retention",{{Range}}}""", ct);
        var (_, onOrAfter) = await server.QueryAsync($$"""{"kind":"retention",{{Range}},"returnMode":"on_or_after"}""", ct);
        var (_, recurring) = await server.QueryAsync($$"""{"kind":"retention",{{Range}},"retentionType":"recurring"}""", ct);

        Assert.True(status == HttpStatusCode.OK, firstTime.ToJsonString());
        Assert.Equal("retention", firstTime["kind"]!.GetValue<string>());
        Assert.Equal("2026-10-05T00:00:00+08:00", firstTime["from"]!.GetValue<string>()); // widened to the whole week
        Assert.Equal("2026-10-26T00:00:00+08:00", firstTime["to"]!.GetValue<string>());
        var matrix = firstTime["matrices"]!.AsArray().Single()!;
        Assert.Null(matrix["breakdown"]);
        var cohorts = matrix["cohorts"]!.AsArray();
        Assert.Equal(["2026-10-05", "2026-10-12", "2026-10-19"], cohorts.Select(c => c!["label"]!.GetValue<string>()));
        Assert.Equal("2026-10-12T00:00:00+08:00", cohorts[1]!["start"]!.GetValue<string>());
        // W1: u1 (a1's view, retroactive), u2, u5; u4 viewed before the range, so is in no first-time cohort.
        // W2: u3 (00:30 Monday local), u7 (signed up in W1, first view in W2). W3: u6.
        Assert.Equal([3L, 2, 1], cohorts.Select(c => c!["size"]!.GetValue<long>()));
        Assert.Equal([[3L, 1, 1], [2L, 1, 0], [1L, 0, 0]], Values(cohorts));
        Assert.All(cohorts, c => Assert.False(c!["lastIncomplete"]!.GetValue<bool>()));
        Assert.Equal([100.0, 100.0 / 3, 100.0 / 3], Numbers(cohorts[0]!["percentages"]));
        var mean = matrix["mean"]!.AsArray();
        Assert.Equal([3, 3, 3], mean.Select(m => m!["cohorts"]!.GetValue<int>()));
        Assert.Equal([6L, 6, 6], mean.Select(m => m!["size"]!.GetValue<long>()));
        Assert.Equal([6L, 2, 1], mean.Select(m => m!["retained"]!.GetValue<long>()));
        Assert.Equal(100.0 / 3, mean[1]!["percentage"]!.GetValue<double>(), 9);

        // On or after: u2 came back in W3, so W1 period 1 also counts them.
        Assert.Equal([[3L, 2, 1], [2L, 1, 0], [1L, 0, 0]], Values(onOrAfter["matrices"]![0]!["cohorts"]!.AsArray()));

        // Recurring: every week a person viewed in. W1: u1, u2, u4, u5; W2: u1, u3, u4, u7; W3: u2, u3, u6.
        Assert.Equal([[4L, 2, 1], [4L, 1, 0], [3L, 0, 0]], Values(recurring["matrices"]![0]!["cohorts"]!.AsArray()));
    }

    [Fact]
    public async Task Retention_BreakdownByStartEventProperty_ReturnsCountWhateverTheirValue()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);
        await server.SendBatchAsync(HandCheckedEvents.Batch, ct);

        var (status, body) = await server.QueryAsync("""
            {"kind":"retention","dateRange":{"from":"2026-10-05","to":"2026-10-11"},"period":"week","periods":2,
             "startEvent":{"event":"$pageview"},"returnEvent":{"event":"$pageview"},"breakdown":{"property":"platform","limit":1}}
            """, ct);

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        var matrices = body["matrices"]!.AsArray();
        // W1 first-time starters: u2 (ios), u5 (web), u1 (no platform). ios and web tie on one start event: ios first by text.
        Assert.Equal(["ios/value", "(none)/none", "(other)/other"], matrices.Select(m => $"{m!["breakdown"]!["label"]}/{m["breakdown"]!["kind"]}"));
        Assert.Equal([[1L, 0, 1]], Values(matrices[0]!["cohorts"]!.AsArray())); // u2 returns in W3 on a web view
        Assert.Equal([[1L, 1, 0]], Values(matrices[1]!["cohorts"]!.AsArray())); // u1
        Assert.Equal([[1L, 0, 0]], Values(matrices[2]!["cohorts"]!.AsArray())); // u5
    }

    [Theory]
    [InlineData("""{"kind":"retention","period":"hour"}""", "query.invalid")]
    [InlineData("""{"kind":"retention","periods":91}""", "query.invalid")]
    [InlineData("""{"kind":"retention","retentionType":"sometimes"}""", "query.invalid")]
    [InlineData("""{"kind":"retention","startEvent":{"event":"x","properties":[{"key":"a","operator":"near"}]}}""", "query.filter_invalid")]
    [InlineData("""{"kind":"retention","period":"day","dateRange":{"from":"2020-01-01","to":"2026-01-01"}}""", "query.too_large")]
    public async Task Retention_BadQuery_ProblemWithCode(string json, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);

        var (status, body) = await server.QueryAsync(json, ct);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, body["code"]!.GetValue<string>());
    }

    private static long[][] Values(JsonArray cohorts) => [.. cohorts.Select(c => c!["values"]!.AsArray().Select(v => v!.GetValue<long>()).ToArray())];

    private static double[] Numbers(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<double>())];
}
