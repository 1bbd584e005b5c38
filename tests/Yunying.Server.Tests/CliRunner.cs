using System.Diagnostics;

namespace Yunying.Server.Tests;

/// <summary>Runs the real <c>yunying</c> program, built beside these tests, as a separate process.</summary>
public static class CliRunner
{
    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Outcome> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new Outcome(process.ExitCode, await output, await error);
    }

    /// <summary>Starts the program with its output redirected; the caller reads, waits for or kills it.</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ProgramPath());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    /// <summary>The CLI's own build output (its runtimeconfig and deps files sit beside it), in this build's configuration.</summary>
    private static string ProgramPath()
    {
        var testDir = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var configuration = testDir.Parent!.Name;
        for (var dir = testDir; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Yunying.Cli", "bin", configuration, testDir.Name, "yunying.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("The yunying CLI was not built beside the tests.");
    }
}
