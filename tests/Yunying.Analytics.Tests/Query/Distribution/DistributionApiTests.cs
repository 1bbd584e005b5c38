using System.Net;
using System.Text.Json.Nodes;

namespace Yunying.Analytics.Tests.Query.Distribution;

/// <summary>Hand-checked distributions through the real HTTP API.</summary>
public sealed class DistributionApiTests
{
    private const string Batch = """
        [
          {"event":"purchase","distinct_id":"u1","timestamp":"2026-10-05T02:00:00Z","properties":{"amount":10.1}},
          {"event":"purchase","distinct_id":"u1","timestamp":"2026-10-06T02:00:00Z","properties":{"amount":19.9}},
          {"event":"purchase","distinct_id":"u2","timestamp":"2026-10-05T03:00:00Z","properties":{"amount":"5"}},
          {"event":"purchase","distinct_id":"u3","timestamp":"2026-10-05T04:00:00Z","properties":{"amount":25}},
          {"event":"purchase","distinct_id":"u3","timestamp":"2026-10-06T04:00:00Z"},
          {"event":"purchase","distinct_id":"u4","timestamp":"2026-10-06T05:00:00Z"},
          {"event":"purchase","distinct_id":"u5","timestamp":"2026-10-05T06:00:00Z","properties":{"amount":1}},
          {"event":"purchase","distinct_id":"u5","timestamp":"2026-10-06T06:00:00Z","properties":{"amount":1}},
          {"event":"purchase","distinct_id":"u5","timestamp":"2026-10-07T06:00:00Z","properties":{"amount":1}},
          {"event":"purchase","distinct_id":"u6","timestamp":"2026-10-09T06:00:00Z","properties":{"amount":1000}}
        ]
        """;

    [Fact]
    public async Task Distribution_CountsAndSums_HandChecked()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);
        await server.SendBatchAsync(Batch, ct);

        const string Range = """ "event":"purchase","dateRange":{"from":"2026-10-05","to":"2026-10-07"} """;
        var (status, counts) = await server.QueryAsync($$"""{"kind":"distribution",{{Range}},"edges":[1,2,3]}""", ct);
        var (_, auto) = await server.QueryAsync($$"""{"kind":"distribution",{{Range}}}""", ct);
        var (_, sums) = await server.QueryAsync($$"""{"kind":"distribution",{{Range}},"measure":"sum","property":"amount","edges":[10,30]}""", ct);

        Assert.True(status == HttpStatusCode.OK, counts.ToJsonString());
        // Purchases per person: u1 2, u2 1, u3 2, u4 1, u5 3 (u6 bought after the range).
        Assert.Equal([("1", 2L), ("2", 2), ("3+", 1)], Buckets(counts));
        Assert.Equal([("1", 2L), ("2", 2), ("3", 1)], Buckets(auto));
        Assert.Equal(5, auto["total"]!.GetValue<long>());

        // Sums: u1 10.1 + 19.9 = 30 exactly (the bucket from 30), u2 "5", u3 25, u5 3; u4 has no amount.
        Assert.Equal([("< 10", 2L), ("[10, 30)", 1), ("≥ 30", 1)], Buckets(sums));
        Assert.Null(sums["buckets"]![0]!["from"]);
        Assert.Equal(4, sums["total"]!.GetValue<long>());
        Assert.Equal(3, sums["min"]!.GetValue<double>());
        Assert.Equal(30, sums["max"]!.GetValue<double>());
        Assert.Equal(15.75, sums["average"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("""{"kind":"distribution","measure":"sum"}""", "query.invalid")]
    [InlineData("""{"kind":"distribution","edges":[5,2]}""", "query.invalid")]
    [InlineData("""{"kind":"distribution","bucketCount":0}""", "query.invalid")]
    public async Task Distribution_BadQuery_ProblemWithCode(string json, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);

        var (status, body) = await server.QueryAsync(json, ct);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, body["code"]!.GetValue<string>());
    }

    private static (string, long)[] Buckets(JsonNode body) =>
        [.. body["buckets"]!.AsArray().Select(b => (b!["label"]!.GetValue<string>(), b["persons"]!.GetValue<long>()))];
}
