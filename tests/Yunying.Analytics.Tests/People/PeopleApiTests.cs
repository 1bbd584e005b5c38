using System.Net;
using System.Text.Json.Nodes;
using Yunying.Analytics.Tests.Schema;

namespace Yunying.Analytics.Tests.People;

/// <summary>The people API on the real server, fed by the capture endpoints and the real SDKs from npm.</summary>
public sealed class PeopleApiTests
{
    private const string Story = """
        [
          {"event":"$pageview","distinct_id":"anon-1","timestamp":"2026-11-01T00:00:01Z","properties":{"$set_once":{"first_channel":"zhihu"}}},
          {"event":"$identify","distinct_id":"li.lei","timestamp":"2026-11-01T00:01:00Z","properties":{"$anon_distinct_id":"anon-1","$set":{"email":"lilei@example.com","name":"Li Lei"}}},
          {"event":"purchase","distinct_id":"li.lei","timestamp":"2026-11-01T00:02:00Z","properties":{"amount":30,"$groups":{"company":"acme"}}},
          {"event":"$groupidentify","distinct_id":"$company_acme","timestamp":"2026-11-01T00:00:30Z","properties":{"$group_type":"company","$group_key":"acme","$group_set":{"name":"Acme"}}},
          {"event":"$pageview","distinct_id":"han.meimei","timestamp":"2026-11-01T00:03:00Z","properties":{"$set":{"email":"hmm@example.com"}}},
          {"event":"$identify","distinct_id":"han.meimei","timestamp":"2026-11-01T00:04:00Z","properties":{"$anon_distinct_id":"han-phone"}},
          {"event":"$identify","distinct_id":"han.meimei","timestamp":"2026-11-01T00:05:00Z","properties":{"$anon_distinct_id":"li.lei"}}
        ]
        """;

    [Fact]
    public async Task List_NewestFirst_WithMergedIdsAndNames()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync(Story, ct);

        var page = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/people", ct);

        var people = page["people"]!.AsArray();
        // han.meimei, li.lei (anon-1 merged in), and the group's own $company_acme id.
        Assert.Equal(3, page["total"]!.GetValue<int>());
        Assert.Equal(["hmm@example.com", "Li Lei", "$company_acme"], people.Select(p => p!["name"]!.GetValue<string>()));
        var li = people[1]!;
        Assert.Equal(["li.lei", "anon-1"], li["distinctIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal(3, li["eventCount"]!.GetValue<long>());
        Assert.True(li["identified"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("search=lilei%40", "Li Lei")]
    [InlineData("search=ANON-1", "Li Lei")]
    [InlineData("search=han", "hmm@example.com")]
    [InlineData("search=nobody", "")]
    [InlineData("distinctId=anon-1", "Li Lei")]
    [InlineData("distinctId=anon", "")]
    public async Task Search_MatchesIdsAndPropertyValues(string query, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync(Story, ct);

        var page = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/people?{query}", ct);

        Assert.Equal(expected, string.Join(',', page["people"]!.AsArray().Select(p => p!["name"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Profile_HasPropertiesGroupsRefusedMergeAndTimeline()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync(Story, ct);
        await server.SealAsync(ct);
        var id = await PersonIdAsync(server, "anon-1", ct);

        var profile = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/people/{id}", ct);

        Assert.Equal("zhihu", profile["properties"]!["first_channel"]!.GetValue<string>());
        Assert.Equal("lilei@example.com", profile["properties"]!["email"]!.GetValue<string>());
        var group = Assert.Single(profile["groups"]!.AsArray())!;
        Assert.Equal(("company", "acme", "Acme"), (group["type"]!.GetValue<string>(), group["key"]!.GetValue<string>(), group["properties"]!["name"]!.GetValue<string>()));
        // han.meimei tried to take over li.lei, who was already identified: refused, and shown.
        var refused = Assert.Single(profile["refusedMerges"]!.AsArray())!;
        Assert.Equal("han.meimei", refused["distinctId"]!.GetValue<string>());

        var timeline = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/people/{id}/events", ct);
        Assert.Equal(["purchase", "$identify", "$pageview"], timeline["events"]!.AsArray().Select(e => e!["event"]!.GetValue<string>()));
        var older = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/people/{id}/events?limit=1", ct);
        var next = older["next"]!.GetValue<string>();
        var rest = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/people/{id}/events?before={Uri.EscapeDataString(next)}", ct);
        Assert.Equal(["$identify", "$pageview"], rest["events"]!.AsArray().Select(e => e!["event"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Forget_DeletesEveryIdsEvents_AndOthersStay()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync(Story, ct);
        var id = await PersonIdAsync(server, "li.lei", ct);

        using var response = await server.Owner.DeleteAsync($"/api/projects/{server.ProjectId}/people/{id}", ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, body["deletedEvents"]!.GetValue<int>());
        var events = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/events?limit=100", ct);
        Assert.DoesNotContain(events["events"]!.AsArray(), e => e!["distinctId"]!.GetValue<string>() is "li.lei" or "anon-1");
        Assert.Equal(4, events["events"]!.AsArray().Count);
        using var gone = await server.Owner.GetAsync($"/api/projects/{server.ProjectId}/people/{id}", ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task UnknownPerson_And_BadPaging_AnswerProblems()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);

        using var missing = await server.Owner.GetAsync($"/api/projects/{server.ProjectId}/people/{Guid.NewGuid()}", ct);
        using var badLimit = await server.Owner.GetAsync($"/api/projects/{server.ProjectId}/people?limit=0", ct);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    [Theory]
    [InlineData("posthog.js", "ph-anon-1", "ph-user-1", "email", "ph@example.com")]
    [InlineData("segment.js", "seg-anon-1", "seg-user-1", "email", "seg@example.com")]
    [InlineData("sensors.js", "sa-anon-1", "sa-user-1", "city", "Hangzhou")]
    public async Task RealSdks_IdentifyMakesOnePersonWithTheirProperties(string script, string anonymousId, string userId, string property, string value)
    {
        var ct = TestContext.Current.CancellationToken;
        await NodeSdks.RequireAsync(ct);
        await using var server = await ExploreServer.StartAsync(ct);

        var (exitCode, output) = await NodeSdks.RunAsync(script, server.Capture.Host, server.Capture.WriteKey, ct);
        Assert.True(exitCode == 0, output);

        var id = await PersonIdAsync(server, userId, ct);
        var profile = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/people/{id}", ct);
        Assert.Contains(anonymousId, profile["distinctIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal(value, profile["properties"]![property]!.GetValue<string>());
        Assert.True(profile["summary"]!["identified"]!.GetValue<bool>());
        if (script == "sensors.js")
        {
            // profile_set age, then profile_unset age; set_once, increment and append as sa-sdk-node sent them.
            Assert.Null(profile["properties"]!["age"]);
            Assert.Equal("wechat", profile["properties"]!["first_channel"]!.GetValue<string>());
            Assert.Equal(5, profile["properties"]!["points"]!.GetValue<double>());
            Assert.Equal(["books"], profile["properties"]!["interests"]!.AsArray().Select(i => i!.GetValue<string>()));
        }
    }

    private static async Task<string> PersonIdAsync(ExploreServer server, string distinctId, CancellationToken ct)
    {
        var page = await server.GetJsonAsync($"/api/projects/{server.ProjectId}/people?distinctId={Uri.EscapeDataString(distinctId)}", ct);
        return Assert.Single(page["people"]!.AsArray())!["id"]!.GetValue<string>();
    }
}
