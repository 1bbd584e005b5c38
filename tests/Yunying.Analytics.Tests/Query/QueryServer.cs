using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Yunying.Data;
using Yunying.Events;
using Yunying.Testing;

namespace Yunying.Analytics.Tests.Query;

/// <summary>The real server with the embedded engine, the owner's personal token and the first project's write key.</summary>
public sealed class QueryServer : IAsyncDisposable
{
    private QueryServer(RunningServer server, string writeKey, HttpClient owner)
    {
        Server = server;
        WriteKey = writeKey;
        Owner = owner;
    }

    public RunningServer Server { get; }

    public string WriteKey { get; }

    public HttpClient Owner { get; }

    public Guid ProjectId => Server.Owner.ProjectId;

    public static async Task<QueryServer> StartAsync(CancellationToken cancellationToken)
    {
        var server = await RunningServer.StartAsync(cancellationToken: cancellationToken);
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YunyingDbContext>();
        var projectId = server.Owner.ProjectId;
        var writeKey = await db.Projects.Where(p => p.Id == projectId).Select(p => p.WriteKey).SingleAsync(cancellationToken);
        using var session = server.CreateClient();
        (await session.PostAsJsonAsync("/api/auth/login", new { userName = server.Owner.UserName, password = server.Owner.Password }, cancellationToken)).EnsureSuccessStatusCode();
        var created = await session.PostAsJsonAsync("/api/tokens", new { name = "query-tests" }, cancellationToken);
        created.EnsureSuccessStatusCode();
        var token = JsonNode.Parse(await created.Content.ReadAsStringAsync(cancellationToken))!["token"]!.GetValue<string>();
        return new QueryServer(server, writeKey, server.CreateClient(token));
    }

    /// <summary>Sends a PostHog batch (the items, as JSON text) through the real capture endpoint.</summary>
    public async Task SendBatchAsync(string itemsJson, CancellationToken cancellationToken)
    {
        using var client = Server.CreateClient();
        using var content = new StringContent($$"""{"api_key":"{{WriteKey}}","batch":{{itemsJson}}}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/batch/", content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Empty(JsonNode.Parse(body)!["rejected"]!.AsArray());
    }

    /// <summary>Seals the in-memory tail, so queries read sealed and live rows.</summary>
    public Task SealAsync(CancellationToken cancellationToken) =>
        Server.Services.GetRequiredService<EventStore>().FlushAsync(ProjectId, cancellationToken);

    /// <summary>Posts a query; returns the status and the parsed body.</summary>
    public async Task<(HttpStatusCode Status, JsonNode Body)> QueryAsync(string json, CancellationToken cancellationToken, HttpClient? client = null, Guid? projectId = null)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await (client ?? Owner).PostAsync($"/api/projects/{projectId ?? ProjectId}/query", content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, JsonNode.Parse(body)!);
    }

    public async ValueTask DisposeAsync()
    {
        Owner.Dispose();
        await Server.DisposeAsync();
    }
}
