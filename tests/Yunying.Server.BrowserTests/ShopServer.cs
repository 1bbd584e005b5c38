using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Yunying.Server.BrowserTests;

/// <summary>
/// A customer's web site for the SDK tests: one page that loads an SDK bundle as a plain script, on a loopback port
/// of its own. Its origin differs from the Yunying server's, so the SDK calls the server cross-origin (CORS), and it
/// is a real loopback server because Chromium lets only loopback pages call a loopback server (Local Network Access).
/// </summary>
public sealed class ShopServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ShopServer(WebApplication app, string origin)
    {
        _app = app;
        Origin = origin;
    }

    /// <summary>Like <c>http://127.0.0.1:port</c>, without a trailing slash.</summary>
    public string Origin { get; }

    /// <summary>Serves <c>/</c>: the page that loads <c>/sdk.js</c> (<paramref name="bundle"/>) and then runs <paramref name="script"/>.</summary>
    public static async Task<ShopServer> StartAsync(byte[] bundle, string script, CancellationToken cancellationToken)
    {
        var html = $$"""
            <!doctype html>
            <html lang="zh-CN">
            <head><meta charset="utf-8"><title>Tea shop</title><link rel="icon" href="data:,"><script src="/sdk.js"></script></head>
            <body><h1>Tea shop</h1><script>
            {{script}}
            </script></body>
            </html>
            """;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(html, "text/html; charset=utf-8"));
        app.MapGet("/sdk.js", () => Results.Bytes(bundle, "text/javascript"));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ShopServer(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
