using System.Text.Json;

namespace Yunying.Server.Tests.Query;

/// <summary><c>yunying query run --file</c> with a funnel, through the real program on a stopped data directory.</summary>
public sealed class FunnelCliTests : IAsyncLifetime
{
    // u1 views, signs up and buys; u2 views and signs up; u3 views; u4 buys without viewing (never enters).
    private const string Events = """
        {"event":"view","distinct_id":"u1","timestamp":"2026-11-01T01:00:00Z"}
        {"event":"signup","distinct_id":"u1","timestamp":"2026-11-01T01:10:00Z"}
        {"event":"buy","distinct_id":"u1","timestamp":"2026-11-01T01:40:00Z"}
        {"event":"view","distinct_id":"u2","timestamp":"2026-11-01T02:00:00Z"}
        {"event":"signup","distinct_id":"u2","timestamp":"2026-11-01T02:20:00Z"}
        {"event":"view","distinct_id":"u3","timestamp":"2026-11-02T02:00:00Z"}
        {"event":"buy","distinct_id":"u4","timestamp":"2026-11-02T03:00:00Z"}
        """;

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "yunying-cli-funnel-" + Guid.NewGuid().ToString("N"));

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(_dataDir);
        var admin = await CliRunner.RunAsync(ct, "admin", "create-user", "--data-dir", _dataDir, "--user-name", "root", "--administrator");
        Assert.True(admin.ExitCode == 0, admin.StandardError);
        var created = await CliRunner.RunAsync(ct, "project", "create", "--data-dir", _dataDir, "--name", "F", "--time-zone", "Asia/Shanghai", "--json");
        Assert.True(created.ExitCode == 0, created.StandardError);
        var file = Path.Combine(_dataDir, "events.jsonl");
        await File.WriteAllTextAsync(file, Events, ct);
        var imported = await CliRunner.RunAsync(ct, "import", "--data-dir", _dataDir, "--project", "F", file);
        Assert.True(imported.ExitCode == 0, imported.StandardError);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dataDir, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Run_FunnelFile_StepCountsRatesAndTimesAsJson()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(_dataDir, "funnel.json");
        await File.WriteAllTextAsync(file, """
            {"kind":"funnel","dateRange":{"from":"2026-11-01","to":"2026-11-02"},
             "steps":[{"event":"view"},{"event":"signup"},{"event":"buy"}],"window":{"value":1,"unit":"hour"}}
            """, ct);

        var run = await CliRunner.RunAsync(ct, "query", "run", "--file", file, "--format", "json", "--data-dir", _dataDir, "--project", "F");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var root = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.Equal("funnel", root.GetProperty("kind").GetString());
        var steps = root.GetProperty("groups")[0].GetProperty("steps");
        Assert.Equal([3L, 2, 1], steps.EnumerateArray().Select(s => s.GetProperty("count").GetInt64()));
        Assert.Equal(1.0 / 3, steps[2].GetProperty("conversionRate").GetDouble(), 9);
        Assert.Equal(900, steps[1].GetProperty("averageSeconds").GetDouble(), 6); // 10 and 20 minutes
        Assert.Equal(1_800, steps[2].GetProperty("medianSeconds").GetDouble(), 6);
    }

    [Fact]
    public async Task Run_FunnelWithOneStep_OneErrorLineAndExit2()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(_dataDir, "bad.json");
        await File.WriteAllTextAsync(file, """{"kind":"funnel","steps":[{"event":"view"}]}""", ct);

        var run = await CliRunner.RunAsync(ct, "query", "run", "--file", file, "--data-dir", _dataDir, "--project", "F");

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.EndsWith("(query.invalid)", line, StringComparison.Ordinal);
    }
}
