using System.Text.Json;

namespace Yunying.Server.Tests.Query;

/// <summary><c>yunying cohort …</c> and <c>query run</c> with a people query, through the real program on a stopped data directory.</summary>
public sealed class CohortCliTests : IAsyncLifetime
{
    // anon-1 browses and becomes u1, who buys; u2 buys; u3 only browses.
    private const string Events = """
        {"event":"view","distinct_id":"anon-1","timestamp":"2026-11-01T01:00:00Z"}
        {"event":"$identify","distinct_id":"u1","timestamp":"2026-11-01T01:05:00Z","properties":{"$anon_distinct_id":"anon-1"}}
        {"event":"buy","distinct_id":"u1","timestamp":"2026-11-01T01:40:00Z","properties":{"amount":30}}
        {"event":"buy","distinct_id":"u2","timestamp":"2026-11-02T02:00:00Z","properties":{"amount":5}}
        {"event":"view","distinct_id":"u3","timestamp":"2026-11-03T02:00:00Z"}
        """;

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "yunying-cli-cohort-" + Guid.NewGuid().ToString("N"));

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
    public async Task CreateFromCsvAndRule_ListAndPeople()
    {
        var ct = TestContext.Current.CancellationToken;
        var csv = Path.Combine(_dataDir, "vip.csv");
        await File.WriteAllTextAsync(csv, "name,distinct_id\nFirst,anon-1\nNobody,ghost\n\"Third, quoted\",u3\n", ct);
        var rule = Path.Combine(_dataDir, "big.json");
        await File.WriteAllTextAsync(rule, """{"type":"performed","event":"buy","lastDays":3650,"filters":[{"key":"amount","operator":"gt","value":10}]}""", ct);

        var fromCsv = await Cohort(ct, "create", "--name", "VIP", "--csv", csv, "--json");
        var fromRule = await Cohort(ct, "create", "--name", "Big buyers", "--rule-file", rule);
        var list = await Cohort(ct, "list", "--json");
        var people = await Cohort(ct, "people", "--cohort", "VIP", "--format", "csv");

        Assert.True(fromCsv.ExitCode == 0, fromCsv.StandardError);
        Assert.Equal(2, JsonDocument.Parse(fromCsv.StandardOutput).RootElement.GetProperty("size").GetInt32());
        Assert.True(fromRule.ExitCode == 0, fromRule.StandardError);
        Assert.Contains("1 people now", fromRule.StandardOutput, StringComparison.Ordinal);
        var sizes = JsonDocument.Parse(list.StandardOutput).RootElement.EnumerateArray()
            .ToDictionary(c => c.GetProperty("cohort").GetProperty("name").GetString()!, c => c.GetProperty("size").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["Big buyers"] = 1, ["VIP"] = 2 }, sizes);
        var rows = people.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("person_id,name,identified,distinct_ids", rows[0], StringComparison.Ordinal);
        Assert.Equal(3, rows.Length);
        Assert.Contains(rows, r => r.Contains(",u3,", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("u1 anon-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PeopleQueryFile_BuyersWithTheirIds()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(_dataDir, "people.json");
        await File.WriteAllTextAsync(file, """{"kind":"people","event":"buy","dateRange":{"from":"2026-11-01","to":"2026-11-30"}}""", ct);

        var run = await CliRunner.RunAsync(ct, "query", "run", "--data-dir", _dataDir, "--project", "C", "--file", file, "--format", "json");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var answer = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.Equal("people", answer.GetProperty("kind").GetString());
        Assert.Equal(2, answer.GetProperty("total").GetInt32());
        Assert.Equal(["u1", "u2"], answer.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("distinctIds")[0].GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Mistakes_OneErrorLineAndExitCode()
    {
        var ct = TestContext.Current.CancellationToken;
        var rule = Path.Combine(_dataDir, "bad.json");
        await File.WriteAllTextAsync(rule, """{"type":"telepathy"}""", ct);

        var badRule = await Cohort(ct, "create", "--name", "x", "--rule-file", rule);
        var twoKinds = await Cohort(ct, "create", "--name", "x", "--rule-file", rule, "--csv", rule);
        var unknown = await Cohort(ct, "people", "--cohort", "nope");
        var list = await Cohort(ct, "list", "--json");

        Assert.Equal(2, badRule.ExitCode);
        Assert.Equal(2, twoKinds.ExitCode);
        Assert.Equal(3, unknown.ExitCode);
        foreach (var run in new[] { badRule, twoKinds, unknown })
        {
            Assert.StartsWith("error: ", Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        }

        Assert.Equal(0, JsonDocument.Parse(list.StandardOutput).RootElement.GetArrayLength());
    }

    private Task<CliRunner.Outcome> Cohort(CancellationToken ct, params string[] args) =>
        CliRunner.RunAsync(ct, ["cohort", .. args, "--data-dir", _dataDir, "--project", "C"]);
}
