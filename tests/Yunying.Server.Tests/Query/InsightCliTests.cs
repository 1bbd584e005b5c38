using System.Text.Json;

namespace Yunying.Server.Tests.Query;

/// <summary><c>yunying insight …</c> and <c>yunying dashboard …</c> through the real program on a stopped data directory.</summary>
public sealed class InsightCliTests : IAsyncLifetime
{
    // u1 and u2 buy in November; u1 again on 3 December; u3 only browses.
    private const string Events = """
        {"event":"view","distinct_id":"u1","timestamp":"2026-11-01T01:00:00Z"}
        {"event":"buy","distinct_id":"u1","timestamp":"2026-11-01T01:40:00Z","properties":{"amount":30}}
        {"event":"buy","distinct_id":"u2","timestamp":"2026-11-02T02:00:00Z","properties":{"amount":5}}
        {"event":"view","distinct_id":"u3","timestamp":"2026-11-03T02:00:00Z"}
        {"event":"buy","distinct_id":"u1","timestamp":"2026-12-03T02:00:00Z","properties":{"amount":7}}
        """;

    private const string Buys = """{"kind":"trends","dateRange":{"from":"2026-11-01","to":"2026-12-31"},"interval":"month","series":[{"event":"buy"}]}""";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "yunying-cli-insight-" + Guid.NewGuid().ToString("N"));

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(_dataDir);
        Assert.Equal(0, (await CliRunner.RunAsync(ct, "admin", "create-user", "--data-dir", _dataDir, "--user-name", "root", "--administrator")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(ct, "project", "create", "--data-dir", _dataDir, "--name", "C")).ExitCode);
        var file = Path.Combine(_dataDir, "events.jsonl");
        await File.WriteAllTextAsync(file, Events, ct);
        var imported = await CliRunner.RunAsync(ct, "import", "--data-dir", _dataDir, "--project", "C", file);
        Assert.True(imported.ExitCode == 0, imported.StandardError);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dataDir, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task SaveInsights_PutThemOnADashboard_AndReadItOverItsRange()
    {
        var ct = TestContext.Current.CancellationToken;
        var buys = Path.Combine(_dataDir, "buys.json");
        await File.WriteAllTextAsync(buys, Buys, ct);
        var funnel = Path.Combine(_dataDir, "funnel.json");
        await File.WriteAllTextAsync(funnel, """{"kind":"funnel","dateRange":{"from":"2026-11-01","to":"2026-12-31"},"steps":[{"event":"view"},{"event":"buy"}]}""", ct);

        var saved = await Run(ct, "insight", "save", "--name", "Buys", "--query-file", buys, "--json");
        Assert.True(saved.ExitCode == 0, saved.StandardError);
        Assert.Equal("trends", JsonDocument.Parse(saved.StandardOutput).RootElement.GetProperty("kind").GetString());
        Assert.Equal(0, (await Run(ct, "insight", "save", "--name", "View to buy", "--query-file", funnel)).ExitCode);

        var shown = await Run(ct, "insight", "show", "--insight", "Buys", "--format", "json");
        Assert.True(shown.ExitCode == 0, shown.StandardError);
        Assert.Equal(3, JsonDocument.Parse(shown.StandardOutput).RootElement.GetProperty("lines")[0].GetProperty("total").GetDouble());

        Assert.Equal(0, (await Run(ct, "dashboard", "create", "--name", "November", "--from", "2026-11-01", "--to", "2026-11-30")).ExitCode);
        Assert.Equal(0, (await Run(ct, "dashboard", "add", "--dashboard", "November", "--insight", "Buys", "--width", "2")).ExitCode);
        var added = await Run(ct, "dashboard", "add", "--dashboard", "November", "--insight", "View to buy", "--json");
        Assert.Equal(2, JsonDocument.Parse(added.StandardOutput).RootElement.GetProperty("tiles").GetArrayLength());

        // November only: u1's December purchase is outside the dashboard's range.
        var board = await Run(ct, "dashboard", "show", "--dashboard", "November", "--format", "json");
        Assert.True(board.ExitCode == 0, board.StandardError);
        var tiles = JsonDocument.Parse(board.StandardOutput).RootElement.GetProperty("tiles");
        Assert.Equal(2, tiles[0].GetProperty("result").GetProperty("lines")[0].GetProperty("total").GetDouble());
        Assert.Equal(2, tiles[0].GetProperty("tile").GetProperty("width").GetInt32());
        var steps = tiles[1].GetProperty("result").GetProperty("groups")[0].GetProperty("steps");
        Assert.Equal([2L, 1L], steps.EnumerateArray().Select(s => s.GetProperty("count").GetInt64()));
        var table = await Run(ct, "dashboard", "show", "--dashboard", "November");
        Assert.Contains("## Buys (trends)", table.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("## View to buy (funnel)", table.StandardOutput, StringComparison.Ordinal);

        Assert.Equal(0, (await Run(ct, "dashboard", "remove", "--dashboard", "November", "--insight", "Buys")).ExitCode);
        Assert.Equal(0, (await Run(ct, "insight", "delete", "--insight", "View to buy")).ExitCode);
        var list = await Run(ct, "dashboard", "list", "--json");
        Assert.Equal(0, JsonDocument.Parse(list.StandardOutput).RootElement[0].GetProperty("tiles").GetArrayLength());
    }

    [Fact]
    public async Task Mistakes_OneErrorLineAndExitCode_NothingSaved()
    {
        var ct = TestContext.Current.CancellationToken;
        var bad = Path.Combine(_dataDir, "bad.json");
        await File.WriteAllTextAsync(bad, """{"kind":"telepathy"}""", ct);
        var broken = Path.Combine(_dataDir, "broken.json");
        await File.WriteAllTextAsync(broken, """{"kind":""", ct);

        var outcomes = new[]
        {
            await Run(ct, "insight", "save", "--name", "x", "--query-file", bad),
            await Run(ct, "insight", "save", "--name", "x", "--query-file", broken),
            await Run(ct, "insight", "show", "--insight", "nope"),
            await Run(ct, "dashboard", "create", "--name", "x", "--from", "-3x"),
            await Run(ct, "dashboard", "add", "--dashboard", "nope", "--insight", "nope"),
        };

        Assert.Equal([2, 2, 3, 2, 3], outcomes.Select(o => o.ExitCode));
        foreach (var run in outcomes)
        {
            Assert.StartsWith("error: ", Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        }

        Assert.Equal(0, JsonDocument.Parse((await Run(ct, "insight", "list", "--json")).StandardOutput).RootElement.GetArrayLength());
        Assert.Equal(0, JsonDocument.Parse((await Run(ct, "dashboard", "list", "--json")).StandardOutput).RootElement.GetArrayLength());
    }

    private Task<CliRunner.Outcome> Run(CancellationToken ct, params string[] args) =>
        CliRunner.RunAsync(ct, [.. args, "--data-dir", _dataDir, "--project", "C"]);
}
