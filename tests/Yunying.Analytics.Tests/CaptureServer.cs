using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Yunying.Analytics.Capture;
using Yunying.Data;
using Yunying.Testing;

namespace Yunying.Analytics.Tests;

/// <summary>The real server with a recording sink in place of the event pipeline, and the first project's write key.</summary>
public sealed class CaptureServer : IAsyncDisposable
{
    private CaptureServer(RunningServer server, RecordingSink sink, string writeKey)
    {
        Server = server;
        Sink = sink;
        WriteKey = writeKey;
    }

    public RunningServer Server { get; }

    public RecordingSink Sink { get; }

    public string WriteKey { get; }

    public Guid ProjectId => Server.Owner.ProjectId;

    /// <summary>Base address without the trailing slash, as SDKs want their host.</summary>
    public string Host => Server.BaseAddress.ToString().TrimEnd('/');

    /// <summary>
    /// Starts the server. With <paramref name="recordingSink"/> off, the host's own sink (the embedded
    /// engine) stores the events, unless <paramref name="sink"/> names another one.
    /// </summary>
    public static async Task<CaptureServer> StartAsync(CancellationToken cancellationToken, bool recordingSink = true, ICaptureSink? sink = null)
    {
        var recording = new RecordingSink();
        var replacement = recordingSink ? recording : sink;
        var server = await RunningServer.StartAsync(
            cancellationToken: cancellationToken,
            configureServices: replacement is null ? null : services => services.AddSingleton(replacement));
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YunyingDbContext>();
        var projectId = server.Owner.ProjectId;
        var writeKey = await db.Projects.Where(p => p.Id == projectId).Select(p => p.WriteKey).SingleAsync(cancellationToken);
        return new CaptureServer(server, recording, writeKey);
    }

    public HttpClient CreateClient() => Server.CreateClient();

    public static HttpContent Json(string json) => new StringContent(json, Encoding.UTF8, "application/json");

    public static AuthenticationHeaderValue Basic(string user) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":")));

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
