using System.Diagnostics;
using System.Text;

namespace Yunying.Dashboard.Bench;

/// <summary>The built <c>yunying</c> program, run as separate processes like an operator would.</summary>
internal sealed class YunyingCli(string dll)
{
    public string Path => dll;

    /// <summary>The CLI built beside this benchmark (same configuration), unless <paramref name="given"/> names one.</summary>
    public static YunyingCli Locate(string? given)
    {
        if (given is not null)
        {
            return File.Exists(given) ? new YunyingCli(System.IO.Path.GetFullPath(given)) : throw new FileNotFoundException($"--cli {given}: no such file");
        }

        var here = new DirectoryInfo(System.IO.Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var configuration = here.Parent!.Name;
        var candidate = System.IO.Path.Combine(Repository.Root, "src", "Yunying.Cli", "bin", configuration, here.Name, "yunying.dll");
        return File.Exists(candidate)
            ? new YunyingCli(candidate)
            : throw new FileNotFoundException($"The yunying CLI is not built at {candidate}; build this benchmark with 'dotnet build -c Release' (it builds the CLI too) or pass --cli.");
    }

    /// <summary>Runs a verb to completion and returns its standard output; throws with its error output when it fails.</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"yunying {string.Join(' ', args)} exited with {process.ExitCode}: {await error}");
    }

    /// <summary>Starts <c>yunying serve</c> on a free loopback port and waits until <c>/readyz</c> answers 200.</summary>
    public async Task<RunningProcess> ServeAsync(string dataDir, CancellationToken cancellationToken)
    {
        var address = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
        var process = Process.Start(StartInfo("serve", "--data-dir", dataDir, "--urls", address.ToString().TrimEnd('/')))!;
        var running = new RunningProcess(process, address);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("yunying serve exited before answering /readyz: " + running.Output);
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return running;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        await running.StopAsync(TimeSpan.FromSeconds(30));
        throw new TimeoutException("yunying serve did not answer /readyz within 5 minutes");
    }

    private ProcessStartInfo StartInfo(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        // Each request's time in the server's log (ASP.NET Core's "Request finished … ms"), kept beside the results.
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
