using Yunying.Analytics.Demo;
using Yunying.Events;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Tests.Demo;

public sealed class DemoLoaderTests
{
    private const int EventsPerChunk = 2_000;
    private static readonly DemoOptions Options = new(40_000, 4_000, 30, 5, new DateOnly(2026, 11, 21));

    [Fact]
    public async Task LoadAsync_TwiceIntoEmptyStores_SameRowsAndSameDictionaryIds()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await LoadAndDescribeAsync(ct);
        var second = await LoadAndDescribeAsync(ct);

        Assert.Equal(first.Dictionaries, second.Dictionaries);
        Assert.Equal(first.Rows, second.Rows);
    }

    [Fact]
    public async Task LoadAsync_EveryChunk_StoredInChunkOrderWithItsProperties()
    {
        var ct = TestContext.Current.CancellationToken;
        var generator = new DemoGenerator(Options, EventsPerChunk);
        var expected = generator.Events().ToList();
        var (rows, _) = await LoadAndDescribeAsync(ct);

        Assert.True(generator.ChunkCount > 4, "several chunks in flight at once");
        Assert.Equal(expected.Count, rows.Count);
        Assert.Equal(expected.Select(e => (e.Uuid, e.TimestampMicros, e.Event, e.DistinctId)), rows.Select(r => (r.Uuid, r.TimestampMicros, r.Event, r.DistinctId)));
        Assert.Equal(
            expected.Select(e => Property(e, "city")),
            rows.Select(r => r.City));
    }

    private static async Task<(List<(Guid Uuid, long TimestampMicros, string Event, string DistinctId, string? City)> Rows, List<string> Dictionaries)> LoadAndDescribeAsync(CancellationToken ct)
    {
        var dir = Path.Combine(Path.GetTempPath(), "yunying-demo-loader-" + Guid.NewGuid().ToString("N"));
        var project = Guid.Parse("6e1d2f8a-0000-4000-8000-000000000001");
        try
        {
            await using var store = EventStore.Open(dir, new EventStoreOptions { SealOnDispose = false });
            await DemoLoader.LoadAsync(store, project, new DemoGenerator(Options, EventsPerChunk), null, ct);
            var snapshot = await store.GetSnapshotAsync(project, ct);
            var dictionaries = new List<string>();
            foreach (var (name, view) in new[] { ("e", snapshot.EventNames), ("d", snapshot.DistinctIds), ("k", snapshot.PropertyKeys), ("v", snapshot.PropertyValues) })
            {
                for (var id = 0; id < view.Count; id++)
                {
                    dictionaries.Add($"{name}{id}={view[id]}");
                }
            }

            snapshot.PropertyKeys.TryGetId("city", out var cityKey);
            var rows = new List<(Guid, long, string, string, string?)>();
            foreach (var segment in snapshot.Segments)
            {
                segment.TryGetProperty(cityKey, out var city);
                for (var row = 0; row < segment.RowCount; row++)
                {
                    rows.Add((segment.Uuids[row], segment.Timestamps[row], snapshot.EventNames[segment.EventIds[row]], snapshot.DistinctIds[segment.DistinctOrdinals[row]], CityOf(city, row, snapshot)));
                }
            }

            return (rows, dictionaries);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string? CityOf(PropertyColumn column, int row, ProjectSnapshot snapshot) =>
        column.KindAt(row) == PropertyValueKind.String ? snapshot.PropertyValues[column.StringIds[row]] : null;

    private static string? Property(EventRecord record, string name)
    {
        using var document = System.Text.Json.JsonDocument.Parse(record.PropertiesJson);
        return document.RootElement.TryGetProperty(name, out var value) ? value.GetString() : null;
    }
}
