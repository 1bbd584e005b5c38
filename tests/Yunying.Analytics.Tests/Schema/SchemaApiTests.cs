using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Yunying.Analytics.Tests.Schema;

public sealed class SchemaApiTests
{
    [Fact]
    public async Task Properties_EveryJsonType_InferredWithSamplesCountsAndSeen()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync("""
            [
              {"event":"purchase","distinct_id":"u1","timestamp":"2026-11-01T08:00:00Z","properties":{"plan":"pro","amount":99.5,"vip":true,"paid_at":"2026-11-01T07:59:00Z","tags":["a","b"],"meta":{"k":1},"coupon":null,"mixed":"text"}},
              {"event":"purchase","distinct_id":"u2","timestamp":"2026-11-02T08:00:00Z","properties":{"plan":"free","amount":5,"vip":false,"paid_at":"2026-11-02","tags":[],"meta":{},"coupon":null,"mixed":42}},
              {"event":"signup","distinct_id":"u3","timestamp":"2026-11-03T08:00:00Z","properties":{"channel":"wechat"}}
            ]
            """, ct);
        await server.SealAsync(ct);
        await server.SendBatchAsync("""
            [{"event":"purchase","distinct_id":"u3","timestamp":"2026-11-04T08:00:00Z","properties":{"plan":"pro","amount":12,"mixed":true}}]
            """, ct);

        var properties = (await server.GetJsonAsync($"/api/projects/{server.ProjectId}/schema/properties?event=purchase", ct)).AsArray();

        JsonNode Key(string key) => properties.Single(p => p!["key"]!.GetValue<string>() == key)!;
        static Dictionary<string, long> Types(JsonNode p) => p["types"]!.AsObject().ToDictionary(t => t.Key, t => t.Value!.GetValue<long>());
        Assert.DoesNotContain(properties, p => p!["key"]!.GetValue<string>() == "channel");
        Assert.Equal(new Dictionary<string, long> { ["string"] = 3 }, Types(Key("plan")));
        Assert.Equal(3, Key("plan")["count"]!.GetValue<long>());
        Assert.Equal(["pro", "free"], Key("plan")["samples"]!.AsArray().Select(s => s!.GetValue<string>()).Order().Reverse());
        Assert.Equal(new Dictionary<string, long> { ["number"] = 3 }, Types(Key("amount")));
        Assert.Contains(99.5, Key("amount")["samples"]!.AsArray().Select(s => s!.GetValue<double>()));
        Assert.Equal(new Dictionary<string, long> { ["boolean"] = 2 }, Types(Key("vip")));
        Assert.Equal(new Dictionary<string, long> { ["datetime"] = 2 }, Types(Key("paid_at")));
        Assert.Equal(new Dictionary<string, long> { ["array"] = 2 }, Types(Key("tags")));
        Assert.Equal(JsonArray.Parse("""["a","b"]""")!.ToJsonString(), Key("tags")["samples"]!.AsArray().Select(s => s!.ToJsonString()).First(s => s.Contains('a', StringComparison.Ordinal)));
        Assert.Equal(new Dictionary<string, long> { ["object"] = 2 }, Types(Key("meta")));
        Assert.Equal(new Dictionary<string, long> { ["null"] = 2 }, Types(Key("coupon")));
        Assert.Null(Assert.Single(Key("coupon")["samples"]!.AsArray()));
        Assert.Equal(new Dictionary<string, long> { ["string"] = 1, ["number"] = 1, ["boolean"] = 1 }, Types(Key("mixed")));
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Key("plan")["firstSeen"]!.GetValue<DateTimeOffset>());
        Assert.Equal(DateTimeOffset.Parse("2026-11-04T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Key("plan")["lastSeen"]!.GetValue<DateTimeOffset>());
        Assert.Equal(DateTimeOffset.Parse("2026-11-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Key("vip")["lastSeen"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Properties_NoEventFilter_CoversAllEventsIncludingReservedKeys()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync("""
            [{"event":"signup","distinct_id":"u1","properties":{"channel":"wechat"}},{"event":"open","distinct_id":"u1","properties":{"channel":"zhihu","screen":"home"}}]
            """, ct);

        var properties = (await server.GetJsonAsync($"/api/projects/{server.ProjectId}/schema/properties", ct)).AsArray();
        var unknownEvent = (await server.GetJsonAsync($"/api/projects/{server.ProjectId}/schema/properties?event=nope", ct)).AsArray();

        Assert.Equal(2, properties.Single(p => p!["key"]!.GetValue<string>() == "channel")!["count"]!.GetValue<long>());
        Assert.Equal(1, properties.Single(p => p!["key"]!.GetValue<string>() == "screen")!["count"]!.GetValue<long>());
        Assert.Contains(properties, p => p!["key"]!.GetValue<string>() == "$capture_source");
        Assert.Empty(unknownEvent);
    }

    [Fact]
    public async Task PropertyKeys_SealedAndLiveRows_SameKeysAndOrderAsFullScan()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync("""
            [
              {"event":"signup","distinct_id":"u1","properties":{"channel":"wechat","city":"Hangzhou","vip":true}},
              {"event":"open","distinct_id":"u1","properties":{"channel":"zhihu","screen":"home","n":3}},
              {"event":"open","distinct_id":"u2","properties":{"channel":null,"screen":"feed","tags":["a"]}}
            ]
            """, ct);
        await server.SealAsync(ct);
        await server.SendBatchAsync("""[{"event":"open","distinct_id":"u3","properties":{"screen":"home","n":false}},{"event":"open","distinct_id":"u4","properties":{"screen":"me"}}]""", ct);
        var catalog = server.Capture.Server.Services.GetRequiredService<Yunying.Analytics.Schema.SchemaCatalog>();

        var keys = await catalog.PropertyKeysAsync(server.ProjectId, ct);
        var full = await catalog.PropertiesAsync(server.ProjectId, null, ct);

        Assert.Equal(full.Select(p => p.Key), keys);
        Assert.Equal(4, full.Single(p => p.Key == "screen").Count);
        Assert.Equal(["screen", "channel", "n", "city", "tags", "vip"], keys.Where(k => !k.StartsWith('$')));
    }

    [Fact]
    public async Task Events_SealedAndLiveRows_VolumesAndFirstLastSeen()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync("""
            [
              {"event":"open","distinct_id":"u1","timestamp":"2026-11-05T00:00:00Z"},
              {"event":"open","distinct_id":"u2","timestamp":"2026-11-01T00:00:00Z"},
              {"event":"signup","distinct_id":"u2","timestamp":"2026-11-02T00:00:00Z"}
            ]
            """, ct);
        await server.SealAsync(ct);
        await server.SendBatchAsync("""[{"event":"open","distinct_id":"u3","timestamp":"2026-11-09T00:00:00Z"}]""", ct);

        var events = (await server.GetJsonAsync($"/api/projects/{server.ProjectId}/schema/events", ct)).AsArray();

        Assert.Equal(["open", "signup"], events.Select(e => e!["name"]!.GetValue<string>()));
        var open = events[0]!;
        Assert.Equal(3, open["count"]!.GetValue<long>());
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), open["firstSeen"]!.GetValue<DateTimeOffset>());
        Assert.Equal(DateTimeOffset.Parse("2026-11-09T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), open["lastSeen"]!.GetValue<DateTimeOffset>());
        Assert.Equal(1, events[1]!["count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Events_NewEventAfterCachedAnswer_CountsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExploreServer.StartAsync(ct);
        await server.SendBatchAsync("""[{"event":"open","distinct_id":"u1"}]""", ct);
        var path = $"/api/projects/{server.ProjectId}/schema/events";
        var before = (await server.GetJsonAsync(path, ct)).AsArray();

        await server.SendBatchAsync("""[{"event":"open","distinct_id":"u2"}]""", ct);
        var after = (await server.GetJsonAsync(path, ct)).AsArray();

        Assert.Equal(1, before.Single()!["count"]!.GetValue<long>());
        Assert.Equal(2, after.Single()!["count"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("2026-11-01", true)]
    [InlineData("2026-11-01T08:00:00Z", true)]
    [InlineData("2026-11-01T08:00:00.123+08:00", true)]
    [InlineData("2026-11-01 08:00:00", true)]
    [InlineData("2026-13-01", false)]
    [InlineData("11/01/2026", false)]
    [InlineData("2026-11-01 is a Sunday", false)]
    [InlineData("hello", false)]
    public void LooksLikeIsoDateTime_Text_Classified(string text, bool expected) =>
        Assert.Equal(expected, Yunying.Analytics.Schema.SchemaScanner.LooksLikeIsoDateTime(text));
}
