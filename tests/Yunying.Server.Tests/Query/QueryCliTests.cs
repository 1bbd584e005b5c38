using System.Text.Json;

namespace Yunying.Server.Tests.Query;

/// <summary><c>yunying query trends|run</c> through the real program on a stopped data directory.</summary>
public sealed class QueryCliTests : IAsyncLifetime
{
    private const string Events = """
        {"event":"view","distinct_id":"u1","timestamp":"2026-11-01T01:00:00Z","properties":{"city":"Beijing","amount":10}}
        {"event":"view","distinct_id":"u1","timestamp":"2026-11-01T02:00:00Z","properties":{"city":"Beijing","amount":20}}
        {"event":"view","distinct_id":"u2","timestamp":"2026-11-01T03:00:00Z","properties":{"city":"Shanghai, Pudong"}}
        {"event":"buy","distinct_id":"u2","timestamp":"2026-11-01T04:00:00Z","properties":{"amount":99.5}}
        {"event":"view","distinct_id":"u1","timestamp":"2026-11-01T16:30:00Z","properties":{"amount":30}}
        {"event":"view","distinct_id":"u3","timestamp":"2026-11-03T15:59:59Z","properties":{"city":"Beijing"}}
        """;

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "yunying-cli-query-" + Guid.NewGuid().ToString("N"));

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(_dataDir);
        var admin = await CliRunner.RunAsync(ct, "admin", "create-user", "--data-dir", _dataDir, "--user-name", "root", "--administrator");
        Assert.True(admin.ExitCode == 0, admin.StandardError);
        var created = await CliRunner.RunAsync(ct, "project", "create", "--data-dir", _dataDir, "--name", "Q", "--time-zone", "Asia/Shanghai", "--json");
        Assert.True(created.ExitCode == 0, created.StandardError);
        var file = Path.Combine(_dataDir, "events.jsonl");
        await File.WriteAllTextAsync(file, Events, ct);
        var imported = await CliRunner.RunAsync(ct, "import", "--data-dir", _dataDir, "--project", "Q", file);
        Assert.True(imported.ExitCode == 0, imported.StandardError);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dataDir, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Trends_TwoSeriesAsCsv_OneRowPerDayAndATotal()
    {
        var ct = TestContext.Current.CancellationToken;

        var run = await Query(ct, "trends", "--event", "view", "--event", "view", "--math", "total", "--math", "unique", "--from", "2026-11-01", "--to", "2026-11-03", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal(
            ["bucket,view,view (dau)", "2026-11-01,3,2", "2026-11-02,1,1", "2026-11-03,1,1", "total,5,3"],
            run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task Trends_BreakdownWhereAndTable_QuotedCsvAndAlignedTable()
    {
        var ct = TestContext.Current.CancellationToken;

        var csv = await Query(ct, "trends", "--event", "view", "--breakdown", "city", "--where", "amount<25", "--where", "city", "--from", "2026-11-01", "--to", "2026-11-01", "--format", "csv");
        var table = await Query(ct, "trends", "--event", "view", "--breakdown", "city", "--from", "2026-11-01", "--to", "2026-11-02");

        Assert.True(csv.ExitCode == 0, csv.StandardError);
        Assert.Equal(["bucket,view [Beijing]", "2026-11-01,2", "total,2"], csv.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.True(table.ExitCode == 0, table.StandardError);
        var rows = table.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, rows.Length);
        Assert.StartsWith("bucket", rows[0], StringComparison.Ordinal);
        Assert.Contains("view [Shanghai, Pudong]", rows[0], StringComparison.Ordinal);
        Assert.Contains("view [(none)]", rows[0], StringComparison.Ordinal);
        Assert.Equal(["2026-11-01", "2", "1", "0"], rows[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["2026-11-02", "0", "0", "1"], rows[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Run_QueryFileAsJson_SameAnswerAsTheApiModel()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(_dataDir, "query.json");
        await File.WriteAllTextAsync(file, """
            {"series":[{"event":"buy","math":"sum","mathProperty":"amount"},{"event":"view"}],"formula":"A/B",
             "dateRange":{"from":"2026-11-01","to":"2026-11-02"},"kind":"trends"}
            """, ct);

        var run = await Query(ct, "run", "--file", file, "--format", "json");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var root = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.Equal("trends", root.GetProperty("kind").GetString());
        var line = root.GetProperty("lines")[0];
        Assert.Equal("formula", line.GetProperty("math").GetString());
        Assert.Equal([99.5 / 3, 0], line.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(99.5 / 4, line.GetProperty("total").GetDouble(), 9);
    }

    [Fact]
    public async Task Overview_SmallDataset_FiguresAsComputedByHand()
    {
        var ct = TestContext.Current.CancellationToken;

        var run = await Query(
            ct, "overview", "--from", "2026-11-01", "--to", "2026-11-03", "--activation-event", "buy", "--activation-days", "1", "--revenue-event", "buy",
            "--referral-event", "view", "--channel-property", "city", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var rows = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(CsvCells).ToDictionary(r => r[0].Trim(), r => r[1]);
        // u1 and u2 arrive on Nov 1 (Shanghai), u3 on Nov 3; u2 buys 99.5 an hour after arriving; u1 is back on Nov 2.
        Assert.Equal("3", rows["new people"]);
        Assert.Equal("2", rows["Beijing"]);
        Assert.Equal("1", rows["Shanghai, Pudong"]);
        Assert.Equal("1", rows["(none)"]);
        Assert.Equal("3", rows["active people"]);
        Assert.Equal("33.3%", rows["activation rate (buy within 1 d)"]);
        Assert.Equal("50.0%", rows["D1 retention"]);
        Assert.Equal(string.Empty, rows["D7 retention"]);
        Assert.Equal("99.5", rows["revenue (sum of amount)"]);
        Assert.Equal("1", rows["paying people"]);
        Assert.Equal("33.1667", rows["ARPU"]);
        Assert.Equal("5", rows["referral events"]);
        Assert.Equal(["3", "1", "1", "1"], new[] { "new", "activated", "paying", "promoter" }.Select(s => rows["funnel: " + s]));

        var bad = await Query(ct, "overview", "--activation-days", "0");
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("error: activationDays must be 1 to 90.", bad.StandardError, StringComparison.Ordinal);
    }

    private static string[] CsvCells(string line) =>
        [.. System.Text.RegularExpressions.Regex.Matches(line, "(?:^|,)(\"(?:[^\"]|\"\")*\"|[^,]*)")
            .Select(m => m.Groups[1].Value is ['"', .., '"'] quoted ? quoted[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : m.Groups[1].Value)];

    [Theory]
    [InlineData(2, "query.invalid", "trends", "--interval", "fortnight")]
    [InlineData(2, "query.date_invalid", "trends", "--from", "someday")]
    [InlineData(2, "query.invalid", "trends", "--last", "30d", "--from", "2026-11-01")]
    [InlineData(2, "query.formula_invalid", "trends", "--event", "view", "--formula", "A/B")]
    [InlineData(2, "query.filter_invalid", "trends", "--where", "amount>lots")]
    [InlineData(2, "query.time_zone_unknown", "trends", "--time-zone", "Mars/Olympus")]
    public async Task Trends_BadFlags_OneErrorLineAndExitCode(int exitCode, string code, params string[] args)
    {
        var ct = TestContext.Current.CancellationToken;

        var run = await Query(ct, args);

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Equal(string.Empty, run.StandardOutput);
        var line = Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.EndsWith($"({code})", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidQueryAndUnknownProject_Exit2And3()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(_dataDir, "invalid.json");
        await File.WriteAllTextAsync(file, """{"kind":"people","limit":0}""", ct);

        var invalid = await Query(ct, "run", "--file", file);
        var unknown = await CliRunner.RunAsync(ct, "query", "trends", "--data-dir", _dataDir, "--project", "Nope");

        Assert.Equal(2, invalid.ExitCode);
        Assert.Contains("(query.invalid)", invalid.StandardError, StringComparison.Ordinal);
        Assert.Equal(3, unknown.ExitCode);
        Assert.StartsWith("error: ", unknown.StandardError, StringComparison.Ordinal);
    }

    private Task<CliRunner.Outcome> Query(CancellationToken ct, params string[] args) =>
        CliRunner.RunAsync(ct, ["query", .. args, "--data-dir", _dataDir, "--project", "Q"]);
}
