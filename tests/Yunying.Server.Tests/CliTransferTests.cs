using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Yunying.Data.Tenancy;
using Yunying.Events;
using Yunying.Server.Storage;
using Yunying.Testing;

namespace Yunying.Server.Tests;

/// <summary><c>yunying demo|export|import</c> through the real program, and <c>serve --demo</c>.</summary>
public sealed class CliTransferTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "yunying-cli-transfer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task DemoExportImport_FreshDataDirectory_CopyExportsTheSameEvents()
    {
        var ct = TestContext.Current.CancellationToken;
        var demo = await CliRunner.RunAsync(ct, "demo", "--data-dir", _dataDir, "--events", "4000", "--users", "400", "--days", "20", "--seed", "5", "--end", "2026-11-21", "--json");
        Assert.True(demo.ExitCode == 0, demo.StandardError);
        var summary = JsonDocument.Parse(demo.StandardOutput).RootElement;
        var created = await CliRunner.RunAsync(ct, "project", "create", "--data-dir", _dataDir, "--name", "Copy", "--json");
        Assert.Equal(0, created.ExitCode);

        var exported = await CliRunner.RunAsync(ct, "export", "--data-dir", _dataDir, "--project", Bootstrap.DemoProjectName);
        var file = Path.Combine(_dataDir, "demo.jsonl");
        await File.WriteAllTextAsync(file, exported.StandardOutput, ct);
        var imported = await CliRunner.RunAsync(ct, "import", "--data-dir", _dataDir, "--project", "Copy", "--format", "jsonl", file, "--json");
        var copy = await CliRunner.RunAsync(ct, "export", "--data-dir", _dataDir, "--project", "Copy");

        Assert.Equal(0, exported.ExitCode);
        Assert.Equal(string.Empty, exported.StandardError);
        var lines = Lines(exported.StandardOutput);
        Assert.Equal(summary.GetProperty("events").GetInt64(), lines.Count);
        Assert.InRange(lines.Count, 3_600, 4_400);
        Assert.True(imported.ExitCode == 0, imported.StandardError);
        Assert.Equal(lines.Count, JsonDocument.Parse(imported.StandardOutput).RootElement.GetProperty("imported").GetInt64());
        var copied = Lines(copy.StandardOutput);

        // A person's id is derived from its project, so the copy's person ids differ; the events, and which
        // distinct ids belong to one person, do not.
        Assert.Equal(lines.Select(WithoutPersonId).Order(StringComparer.Ordinal), copied.Select(WithoutPersonId).Order(StringComparer.Ordinal));
        Assert.Equal(People(lines), People(copied));
        Assert.Contains(People(lines), person => person.Contains(',', StringComparison.Ordinal));
    }

    private static string WithoutPersonId(string line)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
        Assert.NotNull(node["person_id"]);
        node.Remove("person_id");
        return node.ToJsonString();
    }

    /// <summary>Each person as the sorted list of their distinct ids, the list sorted.</summary>
    private static List<string> People(List<string> lines) =>
    [
        .. lines
            .Select(line => JsonDocument.Parse(line).RootElement)
            .GroupBy(e => e.GetProperty("person_id").GetString(), e => e.GetProperty("distinct_id").GetString()!)
            .Select(g => string.Join(',', g.Distinct().Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal),
    ];

    [Fact]
    public async Task DemoJsonl_SameSeedTwice_IdenticalOutput()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] args = ["demo", "--jsonl", "-", "--events", "2000", "--users", "200", "--days", "10", "--seed", "9", "--end", "2026-11-21"];

        var first = await CliRunner.RunAsync(ct, args);
        var second = await CliRunner.RunAsync(ct, args);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.StandardOutput, second.StandardOutput);
        var line = JsonDocument.Parse(Lines(first.StandardOutput)[0]).RootElement;
        Assert.Equal(["event", "distinct_id", "person_id", "timestamp", "uuid", "properties"], line.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Import_BadLines_ReportedWithLineNumbersOnStderrAndTheRestKept()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await CliRunner.RunAsync(ct, "admin", "create-user", "--data-dir", _dataDir, "--user-name", "root", "--administrator");
        Assert.Equal(0, created.ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(ct, "project", "create", "--data-dir", _dataDir, "--name", "Target")).ExitCode);
        var file = Path.Combine(_dataDir, "events.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"event":"a","distinct_id":"u1","timestamp":"2026-11-01T10:00:00Z"}""",
            """{"event":"b","distinct_id":"u1",""",
            """{"event":"c","distinct_id":"u2","timestamp":"2026-11-01T10:00:02Z"}""",
        ], ct);

        var imported = await CliRunner.RunAsync(ct, "import", "--data-dir", _dataDir, "--project", "Target", file);
        var exported = await CliRunner.RunAsync(ct, "export", "--data-dir", _dataDir, "--project", "Target");

        Assert.Equal(0, imported.ExitCode);
        Assert.StartsWith("line 2: not valid JSON", imported.StandardError.Trim());
        Assert.Single(imported.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Imported 2 events", imported.StandardOutput);
        Assert.Equal(2, Lines(exported.StandardOutput).Count);
    }

    [Theory]
    [InlineData("export", "--project", "nope")]
    [InlineData("import", "--project", "nope", "missing.jsonl")]
    [InlineData("demo", "--project", "nope")]
    [InlineData("demo", "--end", "21/11/2026")]
    public async Task Verbs_BadInput_ExitNonZeroWithOneErrorLine(params string[] args)
    {
        var ct = TestContext.Current.CancellationToken;
        await CliRunner.RunAsync(ct, "admin", "create-user", "--data-dir", _dataDir, "--user-name", "root", "--administrator");

        var outcome = await CliRunner.RunAsync(ct, [.. args, "--data-dir", _dataDir]);

        Assert.NotEqual(0, outcome.ExitCode);
        var lines = outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
    }

    [Fact]
    public async Task ServeDemo_FirstStart_FillsTheDemoProjectOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?> { ["Yunying:Demo"] = "true" }, ct);
        await using var scope = server.Services.CreateAsyncScope();
        var demo = (await scope.ServiceProvider.GetRequiredService<ProjectService>().ListAllAsync(ct)).Single(p => p.Name == Bootstrap.DemoProjectName);
        var store = server.Services.GetRequiredService<EventStore>();
        var rows = (await store.GetSnapshotAsync(demo.Id, ct)).RowCount;

        var again = await Bootstrap.FillDemoEventsAsync(server.Services, demo.Id, ct);

        Assert.InRange(rows, 180_000, 220_000);
        Assert.Equal(0, again);
        Assert.Equal(rows, (await store.GetSnapshotAsync(demo.Id, ct)).RowCount);
        Assert.Contains("generated", server.Console);
    }

    [Fact]
    public async Task Demo_WhileServerHoldsTheStore_RefusedWithStopTheServer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?> { ["Yunying:Demo"] = "true" }, ct);

        var outcome = await CliRunner.RunAsync(ct, "demo", "--data-dir", server.DataDir, "--append", "--events", "1000", "--users", "100");

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.StartsWith("error: ", outcome.StandardError);
        Assert.Contains("stop the Yunying server", outcome.StandardError, StringComparison.Ordinal);
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
}
