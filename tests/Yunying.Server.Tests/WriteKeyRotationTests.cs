using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yunying.Server.Storage;
using Yunying.Testing;

namespace Yunying.Server.Tests;

public sealed class WriteKeyRotationTests
{
    [Fact]
    public async Task Capture_AfterWriteKeyRotation_OldKeyRefusedOnceTheCacheWindowPasses()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = await RunningServer.StartAsync(cancellationToken: ct, configureServices: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        using var owner = server.CreateClient(await ApiClient.TokenForAsync(server, server.Owner.UserName, server.Owner.Password, ct));
        var before = await (await owner.GetAsync($"/api/projects/{server.Owner.ProjectId}", ct)).ReadJsonAsync(ct);
        var oldKey = before.GetProperty("writeKey").GetString()!;
        Assert.NotEqual(HttpStatusCode.Unauthorized, await CaptureAsync(server, oldKey, ct));

        var rotated = await (await owner.PostAsync($"/api/projects/{server.Owner.ProjectId}/write-key/rotate", null, ct)).ReadJsonAsync(ct);
        clock.Advance(CachedWriteKeyResolver.KnownFor + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Unauthorized, await CaptureAsync(server, oldKey, ct));
        Assert.NotEqual(HttpStatusCode.Unauthorized, await CaptureAsync(server, rotated.GetProperty("writeKey").GetString()!, ct));
    }

    private static async Task<HttpStatusCode> CaptureAsync(RunningServer server, string writeKey, CancellationToken ct)
    {
        using var client = server.CreateClient();
        var response = await client.PostAsJsonAsync("/capture/", new { api_key = writeKey, @event = "$pageview", distinct_id = "user-1" }, ct);
        return response.StatusCode;
    }
}
