using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Yunying.Server.Hosting;
using Yunying.Server.Storage;

namespace Yunying.Testing;

/// <summary>
/// The real Yunying server (Kestrel, real storage, the full pipeline) on a free loopback port with a
/// throw-away data directory. Tests talk to it over HTTP like any client would.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDir;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? _configureServices;
    private bool _handedOver;

    private RunningServer(
        WebApplication app,
        string dataDir,
        Uri baseAddress,
        FirstRunAccount owner,
        string console,
        Dictionary<string, string?> settings,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices)
    {
        _app = app;
        _dataDir = dataDir;
        _settings = settings;
        _configureServices = configureServices;
        BaseAddress = baseAddress;
        Owner = owner;
        Console = console;
    }

    public Uri BaseAddress { get; }

    /// <summary>The server's data directory, for CLI verbs that work on the same state.</summary>
    public string DataDir => _dataDir;

    /// <summary>The owner account the first run created, with its one-time password.</summary>
    public FirstRunAccount Owner { get; }

    /// <summary>What the server printed while starting.</summary>
    public string Console { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server; <paramref name="settings"/> are configuration keys such as <c>Yunying:Database</c>.</summary>
    public static async Task<RunningServer> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        CancellationToken cancellationToken = default,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices = null)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "yunying-test-" + Guid.NewGuid().ToString("N"));
        var overrides = new Dictionary<string, string?>
        {
            ["Yunying:DataDir"] = dataDir,
            ["Yunying:Urls"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var app = YunyingHost.Build(overrides, configureServices);
        var console = new StringWriter();
        var owner = await YunyingHost.StartAsync(app, console, cancellationToken)
            ?? throw new InvalidOperationException("A fresh data directory should make a first-run account.");
        return new RunningServer(app, dataDir, Address(app), owner, console.ToString(), overrides, configureServices);
    }

    /// <summary>Stops this server and starts a new one on the same data directory (and settings); use the returned one from then on.</summary>
    public async Task<RunningServer> RestartAsync(CancellationToken cancellationToken = default)
    {
        _handedOver = true;
        await _app.StopAsync(cancellationToken);
        await _app.DisposeAsync();
        var app = YunyingHost.Build(_settings, _configureServices);
        var console = new StringWriter();
        await YunyingHost.StartAsync(app, console, cancellationToken);
        return new RunningServer(app, _dataDir, Address(app), Owner, console.ToString(), _settings, _configureServices);
    }

    /// <summary>A client for this server; with <paramref name="bearer"/>, every request carries it.</summary>
    public HttpClient CreateClient(string? bearer = null)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_handedOver)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing request is no reason to fail a test.
        }
    }

    private static Uri Address(WebApplication app) =>
        new(YunyingHost.ListeningAddresses(app).First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
}
