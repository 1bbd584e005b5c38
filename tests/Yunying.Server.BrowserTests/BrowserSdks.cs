using System.Diagnostics;
using Yunying.Testing;

namespace Yunying.Server.BrowserTests;

/// <summary>
/// The browser builds of the real analytics SDKs from npm (pinned in sdks/package-lock.json), installed once per
/// machine with <c>npm ci</c>. The tests hand their bundles to Chromium as plain scripts.
/// </summary>
public static class BrowserSdks
{
    /// <summary>posthog-js's self-contained browser build: a plain script that sets <c>window.posthog</c>.</summary>
    public const string PostHogBundle = "node_modules/posthog-js/dist/array.js";

    /// <summary>sa-sdk-javascript's browser build: a plain script that sets <c>window.sensorsDataAnalytic201505</c>.</summary>
    public const string SensorsBundle = "node_modules/sa-sdk-javascript/sensorsdata.min.js";

    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static string? _installProblem;
    private static bool _installed;

    public static string Folder { get; } = Path.Combine(Repository.Root, "tests", "Yunying.Server.BrowserTests", "sdks");

    /// <summary>Skips (or under CI fails) the test when Node.js's npm or the packages cannot be had.</summary>
    public static async Task RequireAsync(CancellationToken cancellationToken)
    {
        RealServers.Require("npm", await InstallAsync(cancellationToken));
    }

    /// <summary>The bytes of one of the bundles above.</summary>
    public static Task<byte[]> ReadAsync(string bundle, CancellationToken cancellationToken) =>
        File.ReadAllBytesAsync(Path.Combine(Folder, bundle), cancellationToken);

    private static async Task<string?> InstallAsync(CancellationToken cancellationToken)
    {
        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (_installed || _installProblem is not null)
            {
                return _installProblem;
            }

            if (!new[] { PostHogBundle, SensorsBundle }.All(bundle => File.Exists(Path.Combine(Folder, bundle))))
            {
                if (Find("npm") is not { } npm)
                {
                    return _installProblem = "npm is not on PATH (Debian packages nodejs and npm)";
                }

                // Only the files are needed: no package's install script runs.
                var (exitCode, output) = await RunAsync(npm, ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], TimeSpan.FromMinutes(5), cancellationToken);
                if (exitCode != 0)
                {
                    return _installProblem = $"npm ci failed in {Folder}: {output}";
                }
            }

            _installed = true;
            return null;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var error = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(fileName)} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
        }

        return (process.ExitCode, (await output + await error).Trim());
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
