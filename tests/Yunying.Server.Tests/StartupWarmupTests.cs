using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Yunying.Analytics.Insights;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Overview;
using Yunying.Server.Dashboard.Pages.Project;
using Yunying.Testing;

namespace Yunying.Server.Tests;

/// <summary>A start opens the event data and answers each project's home overview before the server says it is ready.</summary>
public sealed class StartupWarmupTests
{
    [Fact]
    public async Task Restart_WithEvents_HomeOverviewIsAnsweredBeforeReady()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await RunningServer.StartAsync(cancellationToken: ct);
        string timeZone;
        using (var owner = first.CreateClient(await ApiClient.TokenForAsync(first, first.Owner.UserName, first.Owner.Password, ct)))
        {
            var project = await (await owner.GetAsync($"/api/projects/{first.Owner.ProjectId}", ct)).ReadJsonAsync(ct);
            timeZone = project.GetProperty("timeZone").GetString()!;
            using var capture = first.CreateClient();
            var now = DateTimeOffset.UtcNow.AddMinutes(-5);
            var sent = await capture.PostAsJsonAsync(
                "/batch/",
                new
                {
                    api_key = project.GetProperty("writeKey").GetString(),
                    batch = new[] { "u1", "u2", "u3" }.Select(id => new { @event = "$pageview", distinct_id = id, timestamp = now }).ToArray(),
                },
                ct);
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        await using var server = await first.RestartAsync(ct);
        using var client = server.CreateClient();
        while ((await client.GetAsync("/readyz", ct)).StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            await Task.Delay(50, ct);
        }

        // The home page's own question, in the project's time zone, is already in the answer cache.
        using var query = JsonDocument.Parse(HomeModel.DefaultQuery().ToJsonString());
        var results = server.Services.GetRequiredService<InsightResults>();
        var answer = await results.RunAsync(server.Owner.ProjectId, timeZone, QueryJson.Parse(query.RootElement).Value, ct);
        Assert.True(answer.IsSuccess, answer.Error?.Message);
        Assert.True(answer.Value.Cached, "answered at start");
        Assert.Equal(3, ((OverviewResult)answer.Value.Result).Current.ActivePeople);
    }
}
