using Microsoft.Playwright;
using Yunying.Testing;

namespace Yunying.Server.BrowserTests;

/// <summary>
/// Debian's Chromium driven by Playwright's own driver (the node program the NuGet package ships). No browser
/// is ever downloaded: the executable is <c>YUNYING_CHROMIUM</c> or <c>/usr/bin/chromium</c>. When it is missing,
/// <see cref="Require"/> skips the test, or fails it under CI.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ExecutableVariable = "YUNYING_CHROMIUM";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private Exception? _launchFailure;

    /// <summary>Why Chromium cannot be used here, or null.</summary>
    public string? Problem { get; private set; }

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium is not running; call Require first.");

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";

    /// <summary>Skips (or under CI fails) the calling test without Chromium, and fails it when Chromium would not start.</summary>
    public void Require()
    {
        RealServers.Require("Chromium", Problem);
        if (_launchFailure is not null)
        {
            throw new InvalidOperationException($"Chromium at {ExecutablePath} did not start under Playwright.", _launchFailure);
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Problem = $"{ExecutablePath} not found; install Debian's chromium package (apt-get install chromium) or set {ExecutableVariable}";
            return;
        }

        // Two cores run the server, Chromium and other test assemblies at once; five seconds is too tight there.
        Assertions.SetDefaultExpectTimeout(15_000);
        try
        {
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
            });
        }
        catch (Exception e) when (e is PlaywrightException or InvalidOperationException or IOException)
        {
            _launchFailure = e;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
