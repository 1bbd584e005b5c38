using System.Text;
using System.Text.Json.Nodes;
using Yunying.Analytics.Demo;
using Yunying.Analytics.Transfer;
using Yunying.Events;

namespace Yunying.Analytics.Tests.Transfer;

public sealed class TransferTests : IAsyncLifetime
{
    private static readonly TimeProvider Clock = new Yunying.Testing.ManualClock(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "yunying-transfer-" + Guid.NewGuid().ToString("N"));
    private EventStore _store = null!;

    public ValueTask InitializeAsync()
    {
        _store = EventStore.Open(_dir, new EventStoreOptions { TimeProvider = Clock });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ExportThenImport_DemoProject_SameEventsIdsTimesAndProperties()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = Guid.NewGuid();
        var copy = Guid.NewGuid();
        var generator = new DemoGenerator(new DemoOptions(8_000, 800, 30, 3, new DateOnly(2026, 11, 21)));
        await DemoLoader.LoadAsync(_store, source, generator, null, ct);

        var exported = await ExportAsync(source);
        var result = await ImportAsync(copy, ImportFormat.Jsonl, exported, []);
        var again = await ExportAsync(copy);

        Assert.Equal(new ImportResult(generator.Events().Count(), generator.Events().Count(), 0), result);
        // Person ids are per project; everything else must survive the round trip.
        Assert.Equal(Normalise(WithoutPersonIds(exported)), Normalise(WithoutPersonIds(again)));
        var original = generator.Events().ToDictionary(e => e.Uuid);
        var personOf = new Dictionary<string, string>();
        var identifies = 0;
        foreach (var line in again.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var node = JsonNode.Parse(line)!.AsObject();
            var record = original[Guid.Parse(node["uuid"]!.GetValue<string>())];
            Assert.Equal(record.Event, node["event"]!.GetValue<string>());
            Assert.Equal(record.DistinctId, node["distinct_id"]!.GetValue<string>());
            personOf[record.DistinctId] = node["person_id"]!.GetValue<string>();
            Assert.Equal(JsonlEventWriter.FormatTimestamp(record.TimestampMicros), node["timestamp"]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(record.PropertiesJson.Span), node["properties"]), line);
        }

        // A signed-up user's anonymous id and user id are one person; different users are different people.
        foreach (var record in generator.Events().Where(e => e.Event == DemoGenerator.Identify))
        {
            var anonymous = JsonNode.Parse(record.PropertiesJson.Span)!["$anon_distinct_id"]!.GetValue<string>();
            Assert.Equal(personOf[record.DistinctId], personOf[anonymous]);
            identifies++;
        }

        Assert.True(identifies > 10, $"{identifies} sign-ups in the demo data");
        Assert.Equal(personOf.Count - identifies, personOf.Values.Distinct().Count());
    }

    private static string WithoutPersonIds(string jsonl) =>
        string.Join('\n', jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var node = JsonNode.Parse(line)!.AsObject();
            node.Remove("person_id");
            return node.ToJsonString();
        }));

    [Fact]
    public async Task Import_JsonlWithBadLines_ReportsLineNumbersAndKeepsTheRest()
    {
        var project = Guid.NewGuid();
        var text = """
            {"event":"a","distinct_id":"u1","timestamp":"2026-11-01T10:00:00.000001Z","uuid":"0195a0c2-0000-7000-8000-000000000001","properties":{"n":1}}
            {"event":"b","distinct_id":"u1","timestamp":
            {"event":"c","distinct_id":"u2","timestamp":"2026-11-01T10:00:02Z","properties":{"s":"x"}}

            {"distinct_id":"u3","timestamp":"2026-11-01T10:00:03Z"}
            {"event":"e","distinct_id":"u3","timestamp":"yesterday"}
            {"event":"f","distinct_id":"u4","timestamp":1762000000000}
            """;
        var errors = new List<ImportLineError>();

        var result = await ImportAsync(project, ImportFormat.Jsonl, text, errors);
        var stored = await ExportAsync(project);

        Assert.Equal([2L, 5L, 6L], errors.Select(e => e.Line));
        Assert.Contains("event is missing", errors[1].Reason);
        Assert.Equal(new ImportResult(6, 3, 3), result);
        Assert.Equal(["a", "c", "f"], stored.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!["event"]!.GetValue<string>()).Order());
        Assert.Contains("\"timestamp\":\"2026-11-01T10:00:00.000001Z\"", stored);
    }

    [Fact]
    public async Task Import_Csv_ColumnsBecomeTypedPropertiesAndBadRecordsAreSkipped()
    {
        var project = Guid.NewGuid();
        var text = "event,distinct_id,timestamp,amount,city,code,properties\n"
            + "purchase,u1,2026-11-01T10:00:00Z,30,\"上海, 浦东\",007,\"{\"\"vip\"\":true}\"\n"
            + "purchase,u2,2026-11-01T11:00:00Z,oops\n"
            + "share,u3,2026-11-01T12:00:00Z,,\"two\nlines\",,\n"
            + "share,,2026-11-01T12:00:00Z,,,,\n";
        var errors = new List<ImportLineError>();

        var result = await ImportAsync(project, ImportFormat.Csv, text, errors);
        var lines = (await ExportAsync(project)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();

        Assert.Equal([3L, 6L], errors.Select(e => e.Line));
        Assert.Equal(new ImportResult(4, 2, 2), result);
        var purchase = lines.Single(l => l["event"]!.GetValue<string>() == "purchase")["properties"]!;
        Assert.Equal(30, purchase["amount"]!.GetValue<double>());
        Assert.Equal("上海, 浦东", purchase["city"]!.GetValue<string>());
        Assert.Equal("007", purchase["code"]!.GetValue<string>());
        Assert.True(purchase["vip"]!.GetValue<bool>());
        Assert.Equal("two\nlines", lines.Single(l => l["event"]!.GetValue<string>() == "share")["properties"]!["city"]!.GetValue<string>());
    }

    [Fact]
    public async Task Import_PostHogLines_DecodedLikeCaptureWithIdentity()
    {
        var project = Guid.NewGuid();
        var text = """
            {"event":"$identify","distinct_id":"user-1","timestamp":"2026-11-01T10:00:00Z","uuid":"0195a0c2-0000-7000-8000-0000000000aa","properties":{"$anon_distinct_id":"anon-1","$set":{"plan":"pro"}}}
            [{"event":"$pageview","distinct_id":"user-1","timestamp":"2026-11-01T10:01:00Z","properties":{"$current_url":"/"}},{"event":"x","distinct_id":"undefined"}]
            not json
            """;
        var errors = new List<ImportLineError>();

        var result = await ImportAsync(project, ImportFormat.PostHog, text, errors);
        var lines = (await ExportAsync(project)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();

        Assert.Equal(2, result.Events);
        Assert.Equal([2L, 3L], errors.Select(e => e.Line));
        Assert.StartsWith("event 2:", errors[0].Reason);
        var identify = lines.Single(l => l["event"]!.GetValue<string>() == "$identify");
        Assert.Equal("anon-1", identify["properties"]!["$anon_distinct_id"]!.GetValue<string>());
        Assert.Equal("0195a0c2-0000-7000-8000-0000000000aa", identify["uuid"]!.GetValue<string>());
    }

    [Fact]
    public async Task Import_SensorsRecords_StoredWithTheirDistinctId()
    {
        var project = Guid.NewGuid();
        var text = """
            {"type":"track","event":"ViewProduct","distinct_id":"s-1","time":1762000000000,"properties":{"$os":"iOS","price":12}}
            {"type":"track","distinct_id":"s-2","time":1762000000000}
            """;
        var errors = new List<ImportLineError>();

        var result = await ImportAsync(project, ImportFormat.Sensors, text, errors);
        var line = JsonNode.Parse((await ExportAsync(project)).Trim())!;

        Assert.Equal(1, result.Events);
        Assert.Equal([2L], errors.Select(e => e.Line));
        Assert.Equal("ViewProduct", line["event"]!.GetValue<string>());
        Assert.Equal("s-1", line["distinct_id"]!.GetValue<string>());
        Assert.Equal(12, line["properties"]!["price"]!.GetValue<double>());
    }

    [Fact]
    public async Task Import_SamePostHogFileTwice_SecondTimeAllDuplicates()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = Guid.NewGuid();
        var text = """
            {"event":"$pageview","distinct_id":"user-1","timestamp":"2026-11-01T10:01:00Z"}
            {"event":"$pageview","distinct_id":"user-1","timestamp":"2026-11-01T10:01:00Z"}
            """;

        await ImportAsync(project, ImportFormat.PostHog, text, []);
        await ImportAsync(project, ImportFormat.PostHog, text, []);

        Assert.Equal(2, (await _store.GetSnapshotAsync(project, ct)).RowCount);
    }

    private async Task<ImportResult> ImportAsync(Guid project, ImportFormat format, string text, List<ImportLineError> errors)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await new EventImporter(format, Clock, batchSize: 1_000).ImportAsync(
            input,
            (batch, ct) => _store.AppendAsync(project, batch, AppendOptions.SkipDuplicates, ct),
            errors.Add,
            null,
            TestContext.Current.CancellationToken);
    }

    private async Task<string> ExportAsync(Guid project)
    {
        using var output = new MemoryStream();
        await EventExporter.ExportAsync(_store, project, null, null, output, null, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static List<string> Normalise(string jsonl) =>
        [.. jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
}
