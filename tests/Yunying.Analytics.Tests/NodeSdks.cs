using System.Diagnostics;
using Yunying.Testing;

namespace Yunying.Analytics.Tests;

/// <summary>
/// The real analytics SDKs from npm (pinned in sdks/package-lock.json), installed once per machine with
/// <c>npm ci</c>, and a way to run one of the scripts in sdks/ against a server.
/// </summary>
public static class NodeSdks
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static string? _installProblem;
    private static bool _installed;

    public static string Folder { get; } = Path.Combine(Repository.Root, "tests", "Yunying.Analytics.Tests", "sdks");

    /// <summary>Skips (or under CI fails) the test when Node.js or the packages cannot be had.</summary>
    public static async Task RequireAsync(CancellationToken cancellationToken)
    {
        RealServers.Require("Node.js", await InstallAsync(cancellationToken));
    }

    /// <summary>Runs <c>node sdks/{script} host key</c>; returns the exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string script, string host, string key, CancellationToken cancellationToken) =>
        RunProcessAsync(Find("node")!, [Path.Combine(Folder, script), host, key], TimeSpan.FromSeconds(60), cancellationToken);

    private static async Task<string?> InstallAsync(CancellationToken cancellationToken)
    {
        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (_installed || _installProblem is not null)
            {
                return _installProblem;
            }

            if (Find("node") is null || Find("npm") is null)
            {
                return _installProblem = "node and npm are not on PATH (Debian packages nodejs and npm)";
            }

            if (!Directory.Exists(Path.Combine(Folder, "node_modules")))
            {
                var (exitCode, output) = await RunProcessAsync(Find("npm")!, ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5), cancellationToken);
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

    private static async Task<(int ExitCode, string Output)> RunProcessAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
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
