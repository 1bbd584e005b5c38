using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Yunying.Analytics.Tests.Schema;

namespace Yunying.Analytics.Tests.Insights;

/// <summary>Saved insights and dashboards through the real server: kept in the state store, answered by the engine, cached until new data.</summary>
public sealed class InsightApiTests
{
    private const string Purchases60 = """{"kind":"trends","dateRange":{"from":"-60d"},"interval":"month","series":[{"event":"purchase","math":"total"}]}""";
    private const string SignupToPurchase = """{"kind":"funnel","dateRange":{"from":"-60d"},"steps":[{"event":"signup"},{"event":"purchase"}],"window":{"value":14,"unit":"day"}}""";

    private static string Ago(double hours) =>
        DateTimeOffset.UtcNow.AddHours(-hours).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // Purchases: a 30 h ago, b 20 days and 5 h ago, d 40 days ago; signups: a 49 h ago, c 10 h ago.
    private static string Story() => $$$"""
        [
          {"event":"signup","distinct_id":"a","timestamp":"{{{Ago(49)}}}"},
          {"event":"purchase","distinct_id":"a","timestamp":"{{{Ago(30)}}}","properties":{"amount":10}},
          {"event":"purchase","distinct_id":"b","timestamp":"{{{Ago(24 * 20)}}}","properties":{"amount":99}},
          {"event":"purchase","distinct_id":"b","timestamp":"{{{Ago(5)}}}","properties":{"amount":1}},
          {"event":"signup","distinct_id":"c","timestamp":"{{{Ago(10)}}}"},
          {"event":"purchase","distinct_id":"d","timestamp":"{{{Ago(24 * 40)}}}","properties":{"amount":5}}
        ]
        """;

    [Fact]
    public async Task SavedInsight_AnswersLikeTheQueryApi_AndIsCachedUntilNewEventsArrive()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync(Story(), ct);

        var insight = await PostAsync(server, "insights", $$"""{"name":"Purchases","description":"every purchase","query":{{Purchases60}},"display":"bar"}""", ct);
        var id = insight["id"]!.GetValue<string>();
        Assert.Equal("trends", insight["kind"]!.GetValue<string>());
        Assert.Equal("bar", insight["display"]!.GetValue<string>());

        var direct = await QueryAsync(server, Purchases60, ct);
        var first = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/insights/{id}/result", ct);
        Assert.False(first["cached"]!.GetValue<bool>());
        Assert.Equal(4, Total(first["result"]!));
        Assert.Equal(Total(direct), Total(first["result"]!));

        var second = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/insights/{id}/result", ct);
        Assert.True(second["cached"]!.GetValue<bool>());
        Assert.Equal(first["computedAt"]!.GetValue<string>(), second["computedAt"]!.GetValue<string>());

        // A new purchase is new data: the next answer is computed again and counts it.
        await server.SendBatchAsync($$"""[{"event":"purchase","distinct_id":"c","timestamp":"{{Ago(1)}}"}]""", ct);
        var third = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/insights/{id}/result", ct);
        Assert.False(third["cached"]!.GetValue<bool>());
        Assert.Equal(5, Total(third["result"]!));

        // Another range than the insight's own, for this request only.
        var recent = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/insights/{id}/result?from=-3d", ct);
        Assert.Equal(3, Total(recent["result"]!));

        // Listed, changed, and read back from the state store.
        var changed = await PutAsync(server, $"insights/{id}", $$"""{"name":"Buys","query":{{Purchases60}}}""", ct);
        Assert.Equal("Buys", changed["name"]!.GetValue<string>());
        var list = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/insights", ct);
        Assert.Equal("Buys", Assert.Single(list.AsArray())!["name"]!.GetValue<string>());
        Assert.Null(list[0]!["description"]);
    }

    [Fact]
    public async Task Dashboard_TilesInOrder_OneDateRangeForEveryTile()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync(Story(), ct);
        var trends = (await PostAsync(server, "insights", $$"""{"name":"Purchases","query":{{Purchases60}}}""", ct))["id"]!.GetValue<string>();
        var funnel = (await PostAsync(server, "insights", $$"""{"name":"Signup to purchase","query":{{SignupToPurchase}}}""", ct))["id"]!.GetValue<string>();

        var dashboard = await PostAsync(server, "dashboards", $$"""
            {"name":"Growth","dateRange":{"from":"-3d"},"tiles":[{"insightId":"{{funnel}}","width":2},{"insightId":"{{trends}}"}]}
            """, ct);
        var id = dashboard["id"]!.GetValue<string>();
        var results = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/dashboards/{id}/results", ct);
        var tiles = results["tiles"]!.AsArray();
        Assert.Equal([funnel, trends], tiles.Select(t => t!["insight"]!["id"]!.GetValue<string>()));
        Assert.Equal(2, tiles[0]!["tile"]!["width"]!.GetValue<int>());
        Assert.Equal(1, tiles[1]!["tile"]!["width"]!.GetValue<int>());

        // The dashboard's last 3 days, not the insight's 60: a's and b's recent purchases only.
        Assert.Equal(2, Total(tiles[1]!["result"]!));
        var direct = await QueryAsync(server, SignupToPurchase.Replace("-60d", "-3d", StringComparison.Ordinal), ct);
        Assert.Equal(direct["groups"]!.ToJsonString(), tiles[0]!["result"]!["groups"]!.ToJsonString());
        Assert.Contains("\"count\":2", direct["groups"]!.ToJsonString(), StringComparison.Ordinal);

        // from/to on the request win over the dashboard's range.
        var wider = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/dashboards/{id}/results?from=-60d", ct);
        Assert.Equal(4, Total(wider["tiles"]![1]!["result"]!));

        // Tiles are added, moved by replacing the list, and taken off; deleting an insight removes its tile.
        var third = (await PostAsync(server, "insights", """{"name":"Signups","query":{"kind":"trends","series":[{"event":"signup"}]}}""", ct))["id"]!.GetValue<string>();
        var added = await PostAsync(server, $"dashboards/{id}/tiles", $$"""{"insightId":"{{third}}","width":2}""", ct, HttpStatusCode.OK);
        Assert.Equal([funnel, trends, third], TileIds(added));
        var moved = await PutAsync(server, $"dashboards/{id}", $$"""{"name":"Growth","dateRange":{"from":"-3d"},"tiles":[{"insightId":"{{third}}"},{"insightId":"{{funnel}}"},{"insightId":"{{trends}}"}]}""", ct);
        Assert.Equal([third, funnel, trends], TileIds(moved));
        using (var removed = await server.Owner.DeleteAsync($"/api/projects/{server.ProjectId}/dashboards/{id}/tiles/{funnel}", ct))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        using (var deleted = await server.Owner.DeleteAsync($"/api/projects/{server.ProjectId}/insights/{trends}", ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var after = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/dashboards/{id}", ct);
        Assert.Equal([third], TileIds(after));
        Assert.Equal("-3d", after["dateRange"]!["from"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mistakes_AnswerProblems_AndLoseNothingSaved()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync(Story(), ct);
        var kept = (await PostAsync(server, "insights", $$"""{"name":"Purchases","query":{{Purchases60}}}""", ct))["id"]!.GetValue<string>();
        var dashboard = (await PostAsync(server, "dashboards", $$"""{"name":"Growth","tiles":[{"insightId":"{{kept}}"}]}""", ct))["id"]!.GetValue<string>();

        foreach (var (path, body, code) in new[]
        {
            ("insights", """{"name":"x","query":{"kind":"telepathy"}}""", "query.kind_unknown"),
            ("insights", """{"name":"x","query":"trends"}""", "insight.query_invalid"),
            ("insights", $$"""{"name":"  ","query":{{Purchases60}}}""", "insight.name_invalid"),
            ("insights", $$"""{"name":"x","query":{{Purchases60}},"display":"pie"}""", "insight.display_invalid"),
            ("dashboards", """{"name":"x","dateRange":{"from":"-3x"}}""", "query.date_invalid"),
            ("dashboards", $$"""{"name":"x","tiles":[{"insightId":"{{Guid.NewGuid()}}"}]}""", "dashboard.insight_unknown"),
            ("dashboards", $$"""{"name":"x","tiles":[{"insightId":"{{kept}}","width":3}]}""", "dashboard.tiles_invalid"),
            ("dashboards", $$"""{"name":"x","tiles":[{"insightId":"{{kept}}"},{"insightId":"{{kept}}"}]}""", "dashboard.tiles_invalid"),
        })
        {
            using var response = await server.Owner.PostAsync($"/api/projects/{server.ProjectId}/{path}", Json(body), ct);
            var problem = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body} → {(int)response.StatusCode} {problem}");
            Assert.Equal(code, JsonNode.Parse(problem)!["code"]!.GetValue<string>());
        }

        using (var missing = await server.Owner.GetAsync($"/api/projects/{server.ProjectId}/insights/{Guid.NewGuid()}/result", ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var badRange = await server.Owner.GetAsync($"/api/projects/{server.ProjectId}/dashboards/{dashboard}/results?from=soon", ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badRange.StatusCode);
        }

        Assert.Single((await server.GetJsonAsync($"/api/projects/{server.ProjectId}/insights", ct)).AsArray());
        Assert.Single((await server.GetJsonAsync($"/api/projects/{server.ProjectId}/dashboards", ct)).AsArray());
    }

    [Fact]
    public async Task Tile_WhoseCohortIsGone_SaysWhy_AndTheOtherTilesStillAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync(Story(), ct);
        var cohort = (await PostAsync(server, "cohorts", """{"name":"b and d","distinctIds":["b","d"]}""", ct))["cohort"]!["id"]!.GetValue<string>();
        var query = $$"""{"kind":"trends","dateRange":{"from":"-60d"},"interval":"month","series":[{"event":"purchase"}],"properties":[{"type":"cohort","key":"{{cohort}}","operator":"in"}]}""";
        var inCohort = (await PostAsync(server, "insights", $$"""{"name":"Cohort purchases","query":{{query}}}""", ct))["id"]!.GetValue<string>();
        var all = (await PostAsync(server, "insights", $$"""{"name":"Purchases","query":{{Purchases60}}}""", ct))["id"]!.GetValue<string>();
        var dashboard = (await PostAsync(server, "dashboards", $$"""{"name":"Growth","tiles":[{"insightId":"{{inCohort}}"},{"insightId":"{{all}}"}]}""", ct))["id"]!.GetValue<string>();

        var before = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/dashboards/{dashboard}/results", ct);
        Assert.Equal(3, Total(before["tiles"]![0]!["result"]!));

        using (var deleted = await server.Owner.DeleteAsync($"/api/projects/{server.ProjectId}/cohorts/{cohort}", ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var after = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/dashboards/{dashboard}/results", ct);
        Assert.Null(after["tiles"]![0]!["result"]);
        Assert.Equal("query.cohort_unknown", after["tiles"]![0]!["error"]!["code"]!.GetValue<string>());
        Assert.Equal(4, Total(after["tiles"]![1]!["result"]!));
    }

    private static double Total(JsonNode trends) => trends["lines"]!.AsArray().Sum(l => l!["total"]!.GetValue<double>());

    private static string[] TileIds(JsonNode dashboard) => [.. dashboard["tiles"]!.AsArray().Select(t => t!["insightId"]!.GetValue<string>())];

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonNode> PostAsync(ExploreServer server, string path, string body, CancellationToken ct, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await server.Owner.PostAsync($"/api/projects/{server.ProjectId}/{path}", Json(body), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonNode> PutAsync(ExploreServer server, string path, string body, CancellationToken ct)
    {
        using var response = await server.Owner.PutAsync($"/api/projects/{server.ProjectId}/{path}", Json(body), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonNode> QueryAsync(ExploreServer server, string json, CancellationToken ct) =>
        await PostAsync(server, "query", json, ct, HttpStatusCode.OK);
}
