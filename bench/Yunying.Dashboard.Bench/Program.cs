using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Yunying.Dashboard.Bench;

// Page loads of the dashboard on the demo data set, end to end in Debian's Chromium: the built `yunying serve`
// as its own process, each page first right after a server start (cold), then --repeat times (warm).

Args options;
try
{
    options = Args.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (!File.Exists(options.Chromium))
{
    Console.Error.WriteLine($"error: {options.Chromium} not found; install Debian's chromium package (apt-get install chromium) or pass --chromium");
    return 1;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var ct = cancel.Token;
const double AimMs = 1000;
var loadBefore = LoadAverage();
var cli = YunyingCli.Locate(options.Cli);
var dataDir = Path.GetFullPath(options.DataDir ?? Path.Combine(Repository.Root, "artifacts", "bench", $"dashboard-data-{options.Events}"));
var (data, generatedSeconds) = await DemoData.EnsureAsync(cli, options, dataDir, ct);
Console.WriteLine(generatedSeconds > 0
    ? string.Create(CultureInfo.InvariantCulture, $"Generated {data.StoredEvents:N0} events into {dataDir} in {generatedSeconds:F0} s.")
    : string.Create(CultureInfo.InvariantCulture, $"Reusing {dataDir}: {data.StoredEvents:N0} events ending {data.End}."));
var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
if (data.End != today)
{
    Console.WriteLine($"note: the data ends {data.End}, not today ({today}); the pages' relative ranges (-30d, -7w) read partly past it.");
}

var writeKey = await WriteKeyAsync(cli, dataDir, data.ProjectId, ct);
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = options.Chromium,
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
});

var output = options.Out ?? Path.Combine(Repository.Root, "artifacts", "bench", "dashboard.json");
var logDir = Path.ChangeExtension(Path.GetFullPath(output), null) + "-logs";
var results = new List<PageResult>();
foreach (var pageCase in PageCase.For(data.ProjectId, !options.SkipRetention))
{
    // A fresh server per page, so each page's first load is the first request after a start: nothing cached,
    // no person map resolved yet, no code jitted for it.
    var started = Stopwatch.StartNew();
    using var server = await cli.ServeAsync(dataDir, ct);
    var startSeconds = started.Elapsed.TotalSeconds;
    try
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.Address.ToString().TrimEnd('/'),
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        });
        await PageTimer.PrepareAsync(context);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        var timer = new PageTimer(page);
        await timer.SignInAsync(data.UserName, data.Password);
        var cpuBefore = ProcStatus.CpuSeconds(server.Id) ?? 0;
        var cold = await timer.LoadAsync(pageCase.PathAndQuery);
        var coldCpu = (ProcStatus.CpuSeconds(server.Id) ?? 0) - cpuBefore;
        if (cold.Status != 200)
        {
            throw new InvalidOperationException($"{pageCase.PathAndQuery} answered {cold.Status}");
        }

        var warm = new List<PageLoad>();
        for (var i = 0; i < options.Repeat; i++)
        {
            warm.Add(await timer.LoadAsync(pageCase.PathAndQuery));
        }

        // New data makes a new snapshot: the answer cache, the schema and the person map are computed again for it,
        // as every load on a project receiving events would.
        var fresh = new List<PageLoad>();
        using var capture = new HttpClient { BaseAddress = server.Address };
        async Task SendEventAsync()
        {
            using var body = new StringContent(
                $$$"""{"api_key":"{{{writeKey}}}","batch":[{"event":"$pageview","distinct_id":"pagebench","properties":{"$pathname":"/pagebench"}}]}""",
                Encoding.UTF8,
                "application/json");
            using var sent = await capture.PostAsync(new Uri("/batch/", UriKind.Relative), body, ct);
            sent.EnsureSuccessStatusCode();
        }

        for (var i = 0; i < options.Fresh; i++)
        {
            await SendEventAsync();
            fresh.Add(await timer.LoadAsync(pageCase.PathAndQuery));
        }

        // How long until the page shows the new data: after one more event, reload until no answer is stale.
        await SendEventAsync();
        var catchUp = Stopwatch.StartNew();
        while ((await timer.LoadAsync(pageCase.PathAndQuery)).Stale && catchUp.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(250, ct);
        }

        var newDataShownMs = Math.Round(catchUp.Elapsed.TotalMilliseconds);

        var memory = ProcStatus.Memory(server.Id);
        var result = new PageResult(pageCase.Name, pageCase.PathAndQuery, Math.Round(startSeconds, 2), cold, Math.Round(coldCpu, 2), warm, fresh, newDataShownMs, memory?.Rss ?? 0, memory?.Peak ?? 0);
        results.Add(result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{pageCase.Name}: cold {cold.TotalMs:F0} ms (TTFB {cold.TtfbMs:F0}, server CPU {coldCpu:F1} s), warm median {result.WarmMedianMs:F0} ms (TTFB {result.WarmTtfbMedianMs:F0}), after new data median {result.FreshMedianMs:F0} ms (TTFB {result.FreshTtfbMedianMs:F0}, {fresh.Count(f => f.Stale)} of {fresh.Count} stale), new data shown after {newDataShownMs / 1000:F1} s, {cold.Charts} chart(s), server start {startSeconds:F1} s, peak RSS {Mib(result.ServerPeakRssBytes)} MiB"));
        foreach (var error in errors.Distinct())
        {
            Console.WriteLine($"  console error: {error}");
        }
    }
    finally
    {
        await server.StopAsync(TimeSpan.FromMinutes(2));
        Directory.CreateDirectory(logDir);
        await File.WriteAllTextAsync(Path.Combine(logDir, $"server-{results.Count}.log"), $"{pageCase.PathAndQuery}\n{server.Output}", ct);
    }
}

var loadAfter = LoadAverage();
var commit = await GitCommitAsync();
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"Dashboard page loads, {data.StoredEvents:N0} demo events of {data.Users:N0} users over {data.Days} days ending {data.End} (seed {data.Seed}), commit {commit}, load average {loadBefore} → {loadAfter}; {options.Repeat} warm loads per page and {options.Fresh} after a new event, aim < {AimMs:N0} ms end to end:");
report.AppendLine();
report.AppendLine("| page | cold ms (TTFB) | warm median ms | warm p95 ms | warm max ms | warm TTFB median ms | after new data median ms (TTFB) | of them stale | new data shown after s | charts | < 1 s |");
report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
foreach (var r in results)
{
    var freshMeets = r.Fresh.Count == 0 || r.Fresh.Max(f => f.TotalMs) < AimMs;
    var meets = r.Cold.TotalMs < AimMs && r.WarmMaxMs < AimMs && freshMeets ? "yes" : r.WarmP95Ms < AimMs ? (freshMeets ? "not cold" : "warm only") : "no";
    report.AppendLine(CultureInfo.InvariantCulture,
        $"| {r.Name} | {r.Cold.TotalMs:N0} ({r.Cold.TtfbMs:N0}) | {r.WarmMedianMs:N0} | {r.WarmP95Ms:N0} | {r.WarmMaxMs:N0} | {r.WarmTtfbMedianMs:N0} | {r.FreshMedianMs:N0} ({r.FreshTtfbMedianMs:N0}) | {r.Fresh.Count(f => f.Stale)} / {r.Fresh.Count} | {r.NewDataShownMs / 1000:F1} | {r.Cold.Charts} | {meets} |");
}

report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Server peak RSS (VmHWM), the largest of the {results.Count} server runs: {Mib(results.Max(r => r.ServerPeakRssBytes))} MiB; start until /readyz {results.Min(r => r.ServerStartSeconds):F1}–{results.Max(r => r.ServerStartSeconds):F1} s.");
Console.WriteLine();
Console.Write(report);

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
var json = new
{
    commit,
    loadAverageBefore = loadBefore,
    loadAverageAfter = loadAfter,
    aimMs = AimMs,
    options.Repeat,
    chromium = browser.Version,
    data = new { data.Directory, data.ProjectId, data.Events, data.Users, data.Days, data.Seed, data.End, data.StoredEvents, generatedSeconds = Math.Round(generatedSeconds, 1) },
    serverPeakRssBytes = results.Max(r => r.ServerPeakRssBytes),
    pages = results.Select(r => new
    {
        r.Name,
        r.PathAndQuery,
        r.ServerStartSeconds,
        r.Cold,
        r.ColdServerCpuSeconds,
        warmMedianMs = r.WarmMedianMs,
        warmP95Ms = r.WarmP95Ms,
        warmMaxMs = r.WarmMaxMs,
        warmTtfbMedianMs = r.WarmTtfbMedianMs,
        r.Warm,
        freshMedianMs = r.FreshMedianMs,
        freshTtfbMedianMs = r.FreshTtfbMedianMs,
        r.Fresh,
        r.NewDataShownMs,
        r.ServerRssBytes,
        r.ServerPeakRssBytes,
    }),
};
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(json, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }), ct);
Console.WriteLine($"JSON: {output}; the servers' logs (each request's time): {logDir}");
return 0;

static async Task<string> WriteKeyAsync(YunyingCli cli, string dataDir, Guid projectId, CancellationToken ct)
{
    using var projects = JsonDocument.Parse(await cli.RunAsync(ct, "project", "list", "--data-dir", dataDir, "--json"));
    return projects.RootElement.EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == projectId).GetProperty("writeKey").GetString()!;
}

static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("N0", CultureInfo.InvariantCulture);

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

static async Task<string> GitCommitAsync()
{
    try
    {
        using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, UseShellExecute = false })!;
        var text = (await git.StandardOutput.ReadToEndAsync()).Trim();
        await git.WaitForExitAsync();
        return git.ExitCode == 0 ? text : "?";
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "?";
    }
}
