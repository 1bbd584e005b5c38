using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Yunying.Analytics.Tests.Schema;

public sealed class EventsApiTests
{
    private const string Batch = """
        [
          {"event":"open","distinct_id":"u1","timestamp":"2026-11-01T00:00:01Z","properties":{"city":"Hangzhou","n":1}},
          {"event":"open","distinct_id":"u2","timestamp":"2026-11-01T00:00:02Z","properties":{"city":"Beijing","n":2}},
          {"event":"buy","distinct_id":"u1","timestamp":"2026-11-01T00:00:03Z","properties":{"city":"Hangzhou","amount":9.5,"vip":true}},
          {"event":"open","distinct_id":"u1","timestamp":"2026-11-01T00:00:04Z","properties":{"city":"上海","n":3}},
          {"event":"buy","distinct_id":"u2","timestamp":"2026-11-01T00:00:05Z","properties":{"city":"Beijing","amount":20,"vip":false}}
        ]
        """;

    [Fact]
    public async Task List_NoFilter_NewestFirstWithProperties()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartWithEventsAsync(ct);

        var page = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/events", ct);

        var events = page["events"]!.AsArray();
        Assert.Equal(["buy", "open", "buy", "open", "open"], events.Select(e => e!["event"]!.GetValue<string>()));
        var newest = events[0]!;
        Assert.Equal("u2", newest["distinctId"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T00:00:05Z", System.Globalization.CultureInfo.InvariantCulture), newest["timestamp"]!.GetValue<DateTimeOffset>());
        Assert.Equal(20, newest["properties"]!["amount"]!.GetValue<double>());
        Assert.False(newest["properties"]!["vip"]!.GetValue<bool>());
        Assert.Equal("上海", events[1]!["properties"]!["city"]!.GetValue<string>());
        Assert.Null(page["next"]);
        Assert.Equal(newest["cursor"]!.GetValue<string>(), page["newest"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("event=open", "open,open,open")]
    [InlineData("distinctId=u1", "open,buy,open")]
    [InlineData("event=buy&distinctId=u1", "buy")]
    [InlineData("property=city&value=Beijing", "buy,open")]
    [InlineData("property=amount", "buy,buy")]
    [InlineData("property=n&value=3", "open")]
    [InlineData("property=vip&value=true", "buy")]
    [InlineData("property=city&value=%E4%B8%8A%E6%B5%B7", "open")]
    [InlineData("event=nope", "")]
    [InlineData("distinctId=nobody", "")]
    [InlineData("property=city&value=Shenzhen", "")]
    [InlineData("before=2026-11-01T00:00:03Z", "open,open")]
    [InlineData("after=2026-11-01T00:00:04Z", "buy,open")]
    public async Task List_Filters_OnlyMatchingEvents(string filter, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartWithEventsAsync(ct);

        var page = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/events?{filter}", ct);

        var names = string.Join(',', page["events"]!.AsArray().Select(e => e!["event"]!.GetValue<string>()));
        Assert.Equal(expected, names);
    }

    [Fact]
    public async Task List_PagedWithCursor_EveryEventOnceAcrossSealedAndLiveRows()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        // Many events share one timestamp, so the cursor has to tell them apart by uuid.
        var first = string.Join(',', Enumerable.Range(0, 30).Select(i => $$"""{"event":"e{{i % 3}}","distinct_id":"u{{i % 4}}","timestamp":"2026-11-01T00:00:0{{i % 5}}Z"}"""));
        await server.SendBatchAsync($"[{first}]", ct);
        await server.SealAsync(ct);
        var second = string.Join(',', Enumerable.Range(30, 25).Select(i => $$"""{"event":"e{{i % 3}}","distinct_id":"u{{i % 4}}","timestamp":"2026-11-01T00:00:0{{i % 5}}Z"}"""));
        await server.SendBatchAsync($"[{second}]", ct);

        var seen = new List<(DateTimeOffset Timestamp, string Uuid)>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/events?limit=7" + (next is null ? string.Empty : "&before=" + next), ct);
            seen.AddRange(page["events"]!.AsArray().Select(e => (e!["timestamp"]!.GetValue<DateTimeOffset>(), e["uuid"]!.GetValue<string>())));
            next = page["next"]?.GetValue<string>();
            pages++;
        }
        while (next is not null);

        Assert.Equal(55, seen.Count);
        Assert.Equal(55, seen.Select(s => s.Uuid).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(s => s.Timestamp).Select(s => s.Timestamp), seen.Select(s => s.Timestamp));
        Assert.Equal(8, pages);
    }

    [Fact]
    public async Task List_AfterNewestCursor_OnlyEventsThatArrivedSince()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartWithEventsAsync(ct);
        var path = $"/api/projects/{server.ProjectId}/events";
        var newest = (await server.GetJsonAsync(path, ct))["newest"]!.GetValue<string>();

        var idle = await server.GetJsonAsync($"{path}?after={newest}", ct);
        await server.SendBatchAsync("""[{"event":"share","distinct_id":"u9","timestamp":"2026-11-01T00:00:06Z"}]""", ct);
        var tail = await server.GetJsonAsync($"{path}?after={newest}", ct);

        Assert.Empty(idle["events"]!.AsArray());
        Assert.Null(idle["newest"]);
        Assert.Equal("share", Assert.Single(tail["events"]!.AsArray())!["event"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("limit=0", "events.limit_invalid")]
    [InlineData("limit=5000", "events.limit_invalid")]
    [InlineData("before=yesterday", "events.cursor_invalid")]
    [InlineData("value=x", "events.property_missing")]
    public async Task List_InvalidParameters_400Problem(string query, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);

        using var response = await server.Owner.GetAsync($"/api/projects/{server.ProjectId}/events?{query}", ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, code, ct);
    }

    [Fact]
    public async Task ExploreApis_OperatorWithoutRole_403()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartWithEventsAsync(ct);
        (await server.Owner.PostAsJsonAsync("/api/operators", new { userName = "outsider", password = "outsider-password-1" }, ct)).EnsureSuccessStatusCode();
        using var outsider = server.Capture.Server.CreateClient(await ExploreServer.TokenForAsync(server.Capture, "outsider", "outsider-password-1", ct));

        foreach (var path in new[] { "events", "schema/events", "schema/properties" })
        {
            using var response = await outsider.GetAsync($"/api/projects/{server.ProjectId}/{path}", ct);
            await AssertProblemAsync(response, HttpStatusCode.Forbidden, "project.forbidden", ct);
        }
    }

    [Fact]
    public async Task ExploreApis_SecretKeyOfOwnProject_200_OfAnotherProject_403()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartWithEventsAsync(ct);
        var created = await server.Owner.PostAsJsonAsync("/api/projects", new { name = "Other" }, ct);
        created.EnsureSuccessStatusCode();
        var other = JsonNode.Parse(await created.Content.ReadAsStringAsync(ct))!;
        using var otherKey = server.Capture.Server.CreateClient(other["secretKey"]!.GetValue<string>());

        using var own = await otherKey.GetAsync($"/api/projects/{other["id"]!.GetValue<string>()}/events", ct);
        using var foreign = await otherKey.GetAsync($"/api/projects/{server.ProjectId}/events", ct);
        using var foreignSchema = await otherKey.GetAsync($"/api/projects/{server.ProjectId}/schema/events", ct);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await AssertProblemAsync(foreign, HttpStatusCode.Forbidden, "project.forbidden", ct);
        await AssertProblemAsync(foreignSchema, HttpStatusCode.Forbidden, "project.forbidden", ct);
    }

    [Fact]
    public async Task ExploreApis_UnknownProject_404_Anonymous_401()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        using var anonymous = server.Capture.CreateClient();

        using var unknown = await server.Owner.GetAsync($"/api/projects/{Guid.NewGuid()}/schema/events", ct);
        using var noCredentials = await anonymous.GetAsync($"/api/projects/{server.ProjectId}/events", ct);

        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "project.not_found", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, noCredentials.StatusCode);
    }

    private static async Task<ExploreServer> StartWithEventsAsync(CancellationToken ct)
    {
        var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync(Batch, ct);
        return server;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, JsonNode.Parse(body)!["code"]!.GetValue<string>());
    }
}
