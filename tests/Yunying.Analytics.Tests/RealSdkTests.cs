using System.Text.Json;
using System.Text.Json.Nodes;
using Yunying.Analytics.Capture;

namespace Yunying.Analytics.Tests;

/// <summary>
/// The real SDKs from npm send to the real server; the recording sink shows what capture made of it.
/// Client and server share a clock here, so a corrected timestamp must equal the one the script set.
/// </summary>
public sealed class RealSdkTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PostHogNode_Events_ArriveWithPeopleTimesPropertiesAndIdentity()
    {
        var ct = TestContext.Current.CancellationToken;
        await NodeSdks.RequireAsync(ct);
        await using var server = await CaptureServer.StartAsync(ct);
        var before = DateTimeOffset.UtcNow;

        var (exitCode, output) = await NodeSdks.RunAsync("posthog.js", server.Host, server.WriteKey, ct);

        Assert.True(exitCode == 0, output);
        var events = server.Sink.Events;
        Assert.Equal(5, events.Count); // the 'undefined' person is rejected, the rest kept
        Assert.All(events, e => Assert.Equal("ph-user-1", e.DistinctId));
        Assert.All(events, e => Assert.Equal(CaptureSource.PostHog, e.Source));
        Assert.All(events, e => Assert.Equal("posthog-node", e.Library));
        Assert.Equal([server.ProjectId], server.Sink.Projects);
        Assert.DoesNotContain(events, e => e.Event == "placeholder_person");

        var purchase = server.Sink.Single("purchase");
        Assert.Equal(Guid.Parse("01890a5d-ac96-774b-bcce-b302099a8057"), purchase.Uuid);
        Assert.InRange(purchase.Timestamp, before.AddHours(-1) - Tolerance, before.AddHours(-1) + Tolerance);
        AssertTypes(purchase.Properties, ("amount", JsonValueKind.Number), ("quantity", JsonValueKind.Number), ("paid", JsonValueKind.True),
            ("tags", JsonValueKind.Array), ("meta", JsonValueKind.Object), ("at", JsonValueKind.String));
        Assert.Equal(12.5, purchase.Properties["amount"]!.GetValue<double>());
        Assert.Equal("pro", purchase.Set!["plan"]!.GetValue<string>());

        var future = server.Sink.Single("from_the_future");
        Assert.Equal(future.ReceivedAt, future.Timestamp);

        var identify = server.Sink.Single("$identify");
        Assert.Equal(new IdentityInstruction(IdentityKind.Identify) { PreviousId = "ph-anon-1" }, identify.Identity);
        Assert.Equal("ph@example.com", identify.Set!["email"]!.GetValue<string>());

        Assert.Equal(IdentityInstruction.Alias("ph-alias-1"), server.Sink.Single("$create_alias").Identity);

        var group = server.Sink.Single("$groupidentify").Identity!;
        Assert.Equal((IdentityKind.GroupIdentify, "company", "acme"), (group.Kind, group.GroupType, group.GroupKey));
        Assert.Equal(10, group.GroupProperties!["seats"]!.GetValue<int>());
        Assert.Equal(5, events.Select(e => e.Uuid).Distinct().Count());
    }

    [Fact]
    public async Task SegmentNode_Calls_ArriveAsPostHogNamedEventsWithIdentity()
    {
        var ct = TestContext.Current.CancellationToken;
        await NodeSdks.RequireAsync(ct);
        await using var server = await CaptureServer.StartAsync(ct);
        var before = DateTimeOffset.UtcNow;

        var (exitCode, output) = await NodeSdks.RunAsync("segment.js", server.Host, server.WriteKey, ct);

        Assert.True(exitCode == 0, output);
        var events = server.Sink.Events;
        Assert.Equal(6, events.Count);
        Assert.All(events, e => Assert.Equal(CaptureSource.Segment, e.Source));
        Assert.All(events, e => Assert.Equal("@segment/analytics-node", e.Library));

        var identify = server.Sink.Single("$identify");
        Assert.Equal("seg-user-1", identify.DistinctId);
        Assert.Equal(IdentityInstruction.Identify("seg-anon-1"), identify.Identity);
        Assert.Equal(30, identify.Set!["age"]!.GetValue<int>());

        var order = server.Sink.Single("Order Completed");
        Assert.Equal(DeterministicGuid.FromMessageId("seg-message-1"), order.Uuid);
        Assert.InRange(order.Timestamp, before.AddHours(-1) - Tolerance, before.AddHours(-1) + Tolerance);
        AssertTypes(order.Properties, ("revenue", JsonValueKind.Number), ("items", JsonValueKind.Number), ("coupon", JsonValueKind.False),
            ("skus", JsonValueKind.Array), ("shipping", JsonValueKind.Object), ("$context", JsonValueKind.Object));

        var page = server.Sink.Single("$pageview");
        Assert.Equal("seg-anon-2", page.DistinctId);
        Assert.Null(page.Identity);
        Assert.Equal("https://example.com/", page.Properties["$current_url"]!.GetValue<string>());
        Assert.Equal("Home", page.Properties["$page_name"]!.GetValue<string>());
        Assert.InRange(page.Timestamp, before - Tolerance, DateTimeOffset.UtcNow + Tolerance);

        Assert.Equal("Settings", server.Sink.Single("$screen").Properties["$screen_name"]!.GetValue<string>());
        var group = server.Sink.Single("$groupidentify").Identity!;
        Assert.Equal((IdentityKind.GroupIdentify, "group", "acme"), (group.Kind, group.GroupType, group.GroupKey));
        Assert.Equal(IdentityInstruction.Alias("seg-old-1"), server.Sink.Single("$create_alias").Identity);
    }

    [Fact]
    public async Task SaSdkNode_Records_ArriveWithProfileOperationsAndSignup()
    {
        var ct = TestContext.Current.CancellationToken;
        await NodeSdks.RequireAsync(ct);
        await using var server = await CaptureServer.StartAsync(ct);
        var before = DateTimeOffset.UtcNow;

        var (exitCode, output) = await NodeSdks.RunAsync("sensors.js", server.Host, server.WriteKey, ct);

        Assert.True(exitCode == 0, output);
        var events = server.Sink.Events;
        Assert.Equal(8, events.Count);
        Assert.All(events, e => Assert.Equal(CaptureSource.Sensors, e.Source));
        Assert.All(events, e => Assert.Equal("Node", e.Library));

        var view = server.Sink.Single("ViewProduct");
        Assert.Equal("sa-user-1", view.DistinctId);
        Assert.InRange(view.Timestamp, before.AddHours(-1) - Tolerance, before.AddHours(-1) + Tolerance);
        AssertTypes(view.Properties, ("price", JsonValueKind.Number), ("quantity", JsonValueKind.Number), ("vip", JsonValueKind.True), ("tags", JsonValueKind.Array));

        var signup = server.Sink.Single("$SignUp");
        Assert.Equal(IdentityInstruction.Identify("sa-anon-1"), signup.Identity);
        Assert.Equal("wechat", signup.Properties["channel"]!.GetValue<string>());

        var profile = events.Where(e => e.Event == "$set").ToList();
        Assert.Equal(5, profile.Count);
        Assert.Contains(profile, e => e.Set?["city"]?.GetValue<string>() == "Hangzhou" && e.Set["age"]!.GetValue<int>() == 30);
        Assert.Contains(profile, e => e.SetOnce?["first_channel"]?.GetValue<string>() == "wechat");
        Assert.Contains(profile, e => e.Increment?["points"]?.GetValue<int>() == 5);
        Assert.Contains(profile, e => e.Append?["interests"] is JsonArray { Count: 1 });
        Assert.Contains(profile, e => e.Unset.SequenceEqual(["age"]));
        Assert.Equal("sa-user-2", server.Sink.Single("AppStart").DistinctId);
        Assert.Equal(8, events.Select(e => e.Uuid).Distinct().Count());
    }

    [Theory]
    [InlineData("posthog.js")]
    [InlineData("segment.js")]
    [InlineData("sensors.js")]
    public async Task Sdk_WrongWriteKey_SdkReportsFailureAndNothingIsStored(string script)
    {
        var ct = TestContext.Current.CancellationToken;
        await NodeSdks.RequireAsync(ct);
        await using var server = await CaptureServer.StartAsync(ct);

        var (exitCode, output) = await NodeSdks.RunAsync(script, server.Host, "ywk_not_a_real_key", ct);

        Assert.True(exitCode != 0, output);
        Assert.Empty(server.Sink.Events);
    }

    private static void AssertTypes(JsonObject properties, params (string Name, JsonValueKind Kind)[] expected)
    {
        foreach (var (name, kind) in expected)
        {
            Assert.True(properties[name] is not null, $"property {name} is missing in {properties.ToJsonString()}");
            Assert.Equal(kind, properties[name]!.GetValueKind());
        }
    }
}
