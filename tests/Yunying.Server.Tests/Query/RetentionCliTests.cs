using System.Text.Json;

namespace Yunying.Server.Tests.Query;

/// <summary>Retention, lifecycle and stickiness through <c>yunying query run --file</c> on a stopped data directory.</summary>
public sealed class RetentionCliTests : IAsyncLifetime
{
    // Shanghai weeks from Monday: W1 = 2026-10-05…11, W2 = 10-12…18, W3 = 10-19…25.
    private const string Events = """
        {"event":"view","distinct_id":"u1","timestamp":"2026-10-05T02:00:00Z"}
        {"event":"view","distinct_id":"u1","timestamp":"2026-10-13T02:00:00Z"}
        {"event":"view","distinct_id":"u2","timestamp":"2026-10-06T02:00:00Z"}
        {"event":"view","distinct_id":"u3","timestamp":"2026-10-12T02:00:00Z"}
        {"event":"view","distinct_id":"u3","timestamp":"2026-10-20T02:00:00Z"}
        """;

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "yunying-cli-retention-" + Guid.NewGuid().ToString("N"));

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(_dataDir);
        var admin = await CliRunner.RunAsync(ct, "admin", "create-user", "--data-dir", _dataDir, "--user-name", "root", "--administrator");
        Assert.True(admin.ExitCode == 0, admin.StandardError);
        var created = await CliRunner.RunAsync(ct, "project", "create", "--data-dir", _dataDir, "--name", "R", "--time-zone", "Asia/Shanghai", "--json");
        Assert.True(created.ExitCode == 0, created.StandardError);
        var file = Path.Combine(_dataDir, "events.jsonl");
        await File.WriteAllTextAsync(file, Events, ct);
        var imported = await CliRunner.RunAsync(ct, "import", "--data-dir", _dataDir, "--project", "R", file);
        Assert.True(imported.ExitCode == 0, imported.StandardError);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dataDir, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Run_WeeklyRetentionFile_MatrixAndMeanAsJson()
    {
        var ct = TestContext.Current.CancellationToken;

        var root = await RunAsync(ct, """
            {"kind":"retention","period":"week","periods":2,"dateRange":{"from":"2026-10-05","to":"2026-10-25"},
             "startEvent":{"event":"view"},"returnEvent":{"event":"view"}}
            """);

        var matrix = root.GetProperty("matrices")[0];
        var cohorts = matrix.GetProperty("cohorts").EnumerateArray().ToList();
        Assert.Equal(["2026-10-05", "2026-10-12", "2026-10-19"], cohorts.Select(c => c.GetProperty("label").GetString()));
        Assert.Equal([[2L, 1, 0], [1L, 1, 0], [0L, 0, 0]], cohorts.Select(c => c.GetProperty("values").EnumerateArray().Select(v => v.GetInt64()).ToArray()));
        Assert.Equal([0.0, 0, 0], cohorts[2].GetProperty("percentages").EnumerateArray().Select(v => v.GetDouble()));
        var mean = matrix.GetProperty("mean").EnumerateArray().ToList();
        Assert.Equal(200.0 / 3, mean[1].GetProperty("percentage").GetDouble(), 9);
        Assert.Equal(0, mean[2].GetProperty("percentage").GetDouble());
    }

    [Fact]
    public async Task Run_LifecycleAndStickinessFiles_SameAnswersAsWorkedOut()
    {
        var ct = TestContext.Current.CancellationToken;

        var lifecycle = await RunAsync(ct, """{"kind":"lifecycle","event":"view","interval":"week","dateRange":{"from":"2026-10-05","to":"2026-10-25"}}""");
        var stickiness = await RunAsync(ct, """{"kind":"stickiness","event":"view","interval":"week","dateRange":{"from":"2026-10-05","to":"2026-10-25"}}""");

        var lines = lifecycle.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("status").GetString()!, l => l.GetProperty("values").EnumerateArray().Select(v => v.GetInt64()).ToArray());
        Assert.Equal([2L, 1, 0], lines["new"]);
        Assert.Equal([0L, 1, 1], lines["returning"]);
        Assert.Equal([0L, 0, 0], lines["resurrecting"]);
        Assert.Equal([0L, -1, -1], lines["dormant"]);
        Assert.Equal([1L, 2, 0], stickiness.GetProperty("persons").EnumerateArray().Select(v => v.GetInt64()));
    }

    [Fact]
    public async Task Run_RetentionAndLifecycleAsCsvAndTable_OneRowPerCohortOrInterval()
    {
        var ct = TestContext.Current.CancellationToken;

        var retention = await RunTextAsync(ct, "csv", """
            {"kind":"retention","period":"week","periods":2,"dateRange":{"from":"2026-10-05","to":"2026-10-25"},
             "startEvent":{"event":"view"},"returnEvent":{"event":"view"}}
            """);
        var lifecycle = await RunTextAsync(ct, "csv", """{"kind":"lifecycle","event":"view","interval":"week","dateRange":{"from":"2026-10-05","to":"2026-10-25"}}""");
        var table = await RunTextAsync(ct, "table", """{"kind":"stickiness","event":"view","interval":"week","dateRange":{"from":"2026-10-05","to":"2026-10-25"}}""");

        Assert.Equal(
            ["cohort,size,period 0,period 1,period 2", "2026-10-05,2,2,1,0", "2026-10-12,1,1,1,0", "2026-10-19,0,0,0,0", "mean,3,100.0%,66.7%,0.0%"],
            retention);
        Assert.Equal(
            ["bucket,new,returning,resurrecting,dormant", "2026-10-05,2,0,0,0", "2026-10-12,1,1,0,-1", "2026-10-19,0,1,0,-1", "total,3,2,0,-2"],
            lifecycle);
        Assert.Equal(["active weeks", "persons"], table[0].Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(["1", "1"], table[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["2", "2"], table[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["total", "3"], table[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private async Task<string[]> RunTextAsync(CancellationToken ct, string format, string query)
    {
        var file = Path.Combine(_dataDir, Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, query, ct);
        var run = await CliRunner.RunAsync(ct, "query", "run", "--file", file, "--format", format, "--data-dir", _dataDir, "--project", "R");
        Assert.True(run.ExitCode == 0, run.StandardError);
        return run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private async Task<JsonElement> RunAsync(CancellationToken ct, string query)
    {
        var file = Path.Combine(_dataDir, Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, query, ct);
        var run = await CliRunner.RunAsync(ct, "query", "run", "--file", file, "--format", "json", "--data-dir", _dataDir, "--project", "R");
        Assert.True(run.ExitCode == 0, run.StandardError);
        return JsonDocument.Parse(run.StandardOutput).RootElement.Clone();
    }
}
