using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Yunying.Analytics.Tests.Schema;

namespace Yunying.Analytics.Tests.Cohorts;

/// <summary>Cohorts through the real server: saved in the state store, evaluated on the engine's events.</summary>
public sealed class CohortApiTests
{
    private static string Ago(double hours) =>
        DateTimeOffset.UtcNow.AddHours(-hours).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // a: signed up then bought within a day (anonymous browsing merged in); b: bought twice, long ago and
    // recently; c: signed up, never bought; d: bought 40 days ago only.
    private static string Story() => $$$$"""
        [
          {"event":"$pageview","distinct_id":"anon-a","timestamp":"{{{{Ago(50)}}}}"},
          {"event":"signup","distinct_id":"anon-a","timestamp":"{{{{Ago(49)}}}}"},
          {"event":"$identify","distinct_id":"a","timestamp":"{{{{Ago(48)}}}}","properties":{"$anon_distinct_id":"anon-a","$set":{"plan":"pro"}}},
          {"event":"purchase","distinct_id":"a","timestamp":"{{{{Ago(30)}}}}","properties":{"amount":10}},
          {"event":"purchase","distinct_id":"b","timestamp":"{{{{Ago(24 * 20)}}}}","properties":{"amount":99},"$set":{"plan":"free"}},
          {"event":"purchase","distinct_id":"b","timestamp":"{{{{Ago(5)}}}}","properties":{"amount":1}},
          {"event":"signup","distinct_id":"c","timestamp":"{{{{Ago(10)}}}}","$set":{"plan":"pro"}},
          {"event":"purchase","distinct_id":"d","timestamp":"{{{{Ago(24 * 40)}}}}","properties":{"amount":5}}
        ]
        """;

    [Theory]
    [InlineData("""{"type":"performed","event":"purchase","lastDays":30}""", "a,b")]
    [InlineData("""{"event":"purchase","lastDays":30,"type":"performed"}""", "a,b")]
    [InlineData("""{"type":"performed","event":"purchase","lastDays":30,"atLeast":2}""", "b")]
    [InlineData("""{"type":"performed","event":"purchase","lastDays":60,"filters":[{"key":"amount","operator":"gt","value":50}]}""", "b")]
    [InlineData("""{"type":"not","rule":{"type":"performed","event":"purchase","lastDays":30}}""", "c,d")]
    [InlineData("""{"type":"sequence","first":"signup","then":"purchase","withinDays":1,"lastDays":7}""", "a")]
    [InlineData("""{"type":"property","key":"plan","operator":"exact","value":"pro"}""", "a,c")]
    [InlineData("""{"type":"and","rules":[{"type":"property","key":"plan","operator":"exact","value":"pro"},{"type":"performed","event":"purchase","lastDays":7}]}""", "a")]
    [InlineData("""{"type":"or","rules":[{"type":"property","key":"plan","operator":"exact","value":"free"},{"type":"performed","event":"signup","lastDays":1}]}""", "b,c")]
    public async Task DynamicCohort_HasTheRightPeople(string rule, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync(Story(), ct);

        var created = await CreateAsync(server, $$"""{"name":"test","rule":{{rule}}}""", ct);

        Assert.Equal(expected, await MembersAsync(server, created, ct));
        Assert.Equal(expected.Split(',').Length, created["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task StaticCohort_AndCohortFilterInATrendsQuery()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync(Story(), ct);

        // 'anon-a' is a's anonymous id: the static cohort holds the person, not the id.
        var cohort = await CreateAsync(server, """{"name":"VIP list","description":"from CSV","distinctIds":["anon-a","d","nobody"]}""", ct);
        Assert.Equal("a,d", await MembersAsync(server, cohort, ct));
        var id = cohort["cohort"]!["id"]!.GetValue<string>();

        var query = $$"""
            {"kind":"trends","dateRange":{"from":"-60d"},"interval":"month",
             "series":[{"event":"purchase","math":"total"}],
             "properties":[{"type":"cohort","key":"{{id}}","operator":"in"}]}
            """;
        using var response = await server.Owner.PostAsync($"/api/projects/{server.ProjectId}/query", new StringContent(query, System.Text.Encoding.UTF8, "application/json"), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Contains("\"total\":2", body.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        var list = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/cohorts", ct);
        Assert.Equal(2, Assert.Single(list.AsArray())!["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task UpdateDeleteAndMistakes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync(Story(), ct);
        var cohort = await CreateAsync(server, """{"name":"buyers","rule":{"type":"performed","event":"purchase","lastDays":30}}""", ct);
        var id = cohort["cohort"]!["id"]!.GetValue<string>();
        var path = $"/api/projects/{server.ProjectId}/cohorts/{id}";

        using (var updated = await server.Owner.PutAsJsonAsync(path, JsonNode.Parse("""{"name":"big buyers","rule":{"type":"performed","event":"purchase","lastDays":60,"atLeast":2}}"""), ct))
        {
            Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        }

        Assert.Equal("b", await MembersAsync(server, await server.GetJsonAsync(path, ct), ct));

        // A cohort that includes itself is refused with a problem, and the saved one is unchanged.
        using (var loop = await server.Owner.PutAsJsonAsync(path, JsonNode.Parse($$$"""{"name":"loop","rule":{"type":"cohort","id":"{{{id}}}"}}"""), ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, loop.StatusCode);
            Assert.Contains("cohort.loop", await loop.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        Assert.Equal("big buyers", (await server.GetJsonAsync(path, ct))["cohort"]!["name"]!.GetValue<string>());
        foreach (var bad in new[] { """{"name":"","distinctIds":["x"]}""", """{"name":"both","distinctIds":["x"],"rule":{"type":"performed","event":"x"}}""", """{"name":"op","rule":{"type":"property","key":"plan","operator":"nearly"}}""", """{"name":"t","rule":{"type":"telepathy"}}""" })
        {
            using var response = await server.Owner.PostAsync($"/api/projects/{server.ProjectId}/cohorts", new StringContent(bad, System.Text.Encoding.UTF8, "application/json"), ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, bad + " → " + (int)response.StatusCode);
        }

        using (var deleted = await server.Owner.DeleteAsync(path, ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var gone = await server.Owner.GetAsync(path, ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task PeopleQuery_EventRuleAndSearch_ThePeopleWithTheirProfiles()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync(Story(), ct);

        // Signed up (any time): a, through the anonymous id merged into them, and c.
        var signedUp = await QueryAsync(server, """{"kind":"people","event":"signup"}""", ct);
        Assert.Equal("a,c", Ids(signedUp));
        Assert.Equal(2, signedUp["total"]!.GetValue<int>());

        // Did anything in the last 3 days and did not purchase in the last 30: c only.
        var quiet = await QueryAsync(server, """
            {"kind":"people","dateRange":{"from":"-3d"},
             "rule":{"type":"not","rule":{"type":"performed","event":"purchase","lastDays":30}}}
            """, ct);
        Assert.Equal("c", Ids(quiet));

        // Person-property filters and search narrow the list; pages follow last seen (newest first).
        Assert.Equal("a,c", Ids(await QueryAsync(server, """{"kind":"people","properties":[{"type":"person","key":"plan","value":"pro"}]}""", ct)));
        Assert.Equal("c", Ids(await QueryAsync(server, """{"kind":"people","properties":[{"type":"person","key":"plan","value":"pro"}],"search":"c"}""", ct)));
        var first = await QueryAsync(server, """{"kind":"people","limit":1}""", ct);
        Assert.Equal("b", Ids(first));
        Assert.Equal(1, first["nextOffset"]!.GetValue<int>());
        Assert.Equal(4, first["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task CohortBreakdownAndStaticCohortFromAPeopleQuery()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync(Story(), ct);
        var pro = await CreateAsync(server, """{"name":"pro plan","rule":{"type":"property","key":"plan","value":"pro"}}""", ct);
        var proId = pro["cohort"]!["id"]!.GetValue<string>();

        // Purchases in the last 60 days by cohort: a's one purchase under "pro plan"; b's and d's under "(none)".
        var trends = await QueryAsync(server, $$$"""
            {"kind":"trends","dateRange":{"from":"-60d"},"interval":"month","series":[{"event":"purchase"}],
             "breakdown":{"type":"cohort","property":"{{{proId}}}"}}
            """, ct);
        var totals = trends["lines"]!.AsArray().ToDictionary(l => l!["breakdown"]!["label"]!.GetValue<string>(), l => l!["total"]!.GetValue<double>());
        Assert.Equal(1, totals["pro plan"]);
        Assert.Equal(3, totals["(none)"]);

        // The buyers of the last 30 days, frozen as a static cohort: it keeps their ids, anonymous ones included.
        var frozen = await CreateAsync(server, """{"name":"buyers then","query":{"kind":"people","event":"purchase","dateRange":{"from":"-30d"}}}""", ct);
        Assert.Null(frozen["cohort"]!["rule"]);
        Assert.Equal(["a", "anon-a", "b"], frozen["cohort"]!["distinctIds"]!.AsArray().Select(i => i!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal("a,b", await MembersAsync(server, frozen, ct));
    }

    [Fact]
    public async Task Sizes_DynamicCohortEvaluatedAsOfEachDay()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync(Story(), ct);
        var recent = await CreateAsync(server, """{"name":"bought in the last 2 days","rule":{"type":"performed","event":"purchase","lastDays":2}}""", ct);
        var id = recent["cohort"]!["id"]!.GetValue<string>();

        var sizes = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/cohorts/{id}/sizes?from=-45d", ct);

        // Day by day: d (40 days ago) for two days, b (20 days ago) for two days, then a (30 h ago) and b (5 h ago) now.
        var values = sizes["sizes"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
        Assert.Equal(46, values.Length);
        Assert.Equal(sizes["labels"]!.AsArray().Count, values.Length);
        Assert.Equal(2, values[^1]);
        Assert.Equal(0, values[0]);
        Assert.InRange(values.Count(v => v == 1), 3, 6);
        Assert.Equal(2, values.Max());

        using var bad = await server.Owner.GetAsync($"/api/projects/{server.ProjectId}/cohorts/{id}/sizes?interval=hour", ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static async Task<JsonNode> QueryAsync(ExploreServer server, string json, CancellationToken ct)
    {
        using var response = await server.Owner.PostAsync($"/api/projects/{server.ProjectId}/query", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!;
    }

    private static string Ids(JsonNode page) =>
        string.Join(',', page["people"]!.AsArray().Select(p => p!["distinctIds"]![0]!.GetValue<string>()).Order(StringComparer.Ordinal));

    private static async Task<JsonNode> CreateAsync(ExploreServer server, string json, CancellationToken ct)
    {
        using var response = await server.Owner.PostAsync($"/api/projects/{server.ProjectId}/cohorts", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!;
    }

    private static async Task<string> MembersAsync(ExploreServer server, JsonNode view, CancellationToken ct)
    {
        var id = view["cohort"]!["id"]!.GetValue<string>();
        var page = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/cohorts/{id}/people", ct);
        return string.Join(',', page["people"]!.AsArray().Select(p => p!["distinctIds"]![0]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }
}
