using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Yunying.Events;

namespace Yunying.Analytics.Tests.Schema;

/// <summary>The real server and engine, the owner's personal token, and helpers to send events and read the explore APIs.</summary>
public sealed class ExploreServer : IAsyncDisposable
{
    private ExploreServer(CaptureServer capture, string ownerToken)
    {
        Capture = capture;
        OwnerToken = ownerToken;
        Owner = capture.Server.CreateClient(ownerToken);
    }

    public CaptureServer Capture { get; }

    public string OwnerToken { get; }

    /// <summary>A client acting as the first-run owner.</summary>
    public HttpClient Owner { get; }

    public Guid ProjectId => Capture.ProjectId;

    public static async Task<ExploreServer> StartAsync(CancellationToken cancellationToken)
    {
        var capture = await CaptureServer.StartAsync(cancellationToken, recordingSink: false);
        var token = await TokenForAsync(capture, capture.Server.Owner.UserName, capture.Server.Owner.Password, cancellationToken);
        return new ExploreServer(capture, token);
    }

    public static async Task<string> TokenForAsync(CaptureServer capture, string userName, string password, CancellationToken cancellationToken)
    {
        using var session = capture.CreateClient();
        (await session.PostAsJsonAsync("/api/auth/login", new { userName, password }, cancellationToken)).EnsureSuccessStatusCode();
        var created = await session.PostAsJsonAsync("/api/tokens", new { name = "test" }, cancellationToken);
        created.EnsureSuccessStatusCode();
        return JsonNode.Parse(await created.Content.ReadAsStringAsync(cancellationToken))!["token"]!.GetValue<string>();
    }

    /// <summary>Sends a PostHog batch (the items of <c>batch</c>, as JSON text) through the real capture endpoint.</summary>
    public async Task SendBatchAsync(string itemsJson, CancellationToken cancellationToken)
    {
        using var client = Capture.CreateClient();
        using var response = await client.PostAsync("/batch/", CaptureServer.Json($$"""{"api_key":"{{Capture.WriteKey}}","batch":{{itemsJson}}}"""), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Empty(JsonNode.Parse(body)!["rejected"]!.AsArray());
    }

    /// <summary>Seals the in-memory tail into a segment, so queries read sealed and live rows.</summary>
    public Task SealAsync(CancellationToken cancellationToken) =>
        Capture.Server.Services.GetRequiredService<EventStore>().FlushAsync(ProjectId, cancellationToken);

    public async Task<JsonNode> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await Owner.GetAsync(path, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public async ValueTask DisposeAsync()
    {
        Owner.Dispose();
        await Capture.DisposeAsync();
    }
}
