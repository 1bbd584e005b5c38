using System.Text.Json;
using Yunying.Events.Reading;

namespace Yunying.Events.Tests;

public sealed class RoundTripTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppendAsync_EveryPropertyType_ReadsBackSameValues()
    {
        using var dir = new TempDirectory();
        await using var store = EventStore.Open(dir.Path);
        const string properties = """{"s":"hello \u00e9\"q","n":42.5,"i":-7,"t":true,"f":false,"z":null,"a":[1,"x",{"k":2}],"o":{"nested":{"deep":true}},"big":1e400,"u":"你好"}""";
        var record = Events.Make(1, "signup", "alice", properties);

        var result = await store.AppendAsync(Events.ProjectA, [record], Ct);

        Assert.Equal(new AppendResult(1, 0, 1), result);
        var rows = await Events.ReadAllAsync(store, Events.ProjectA);
        var row = Assert.Single(rows);
        Assert.Equal(record.Uuid, row.Uuid);
        Assert.Equal(record.TimestampMicros, row.TimestampMicros);
        Assert.Equal("signup", row.Event);
        Assert.Equal("alice", row.DistinctId);
        using var actual = JsonDocument.Parse(row.PropertiesJson);
        var p = actual.RootElement;
        Assert.Equal("hello é\"q", p.GetProperty("s").GetString());
        Assert.Equal(42.5, p.GetProperty("n").GetDouble());
        Assert.Equal(-7, p.GetProperty("i").GetDouble());
        Assert.True(p.GetProperty("t").GetBoolean());
        Assert.False(p.GetProperty("f").GetBoolean());
        Assert.Equal(JsonValueKind.Null, p.GetProperty("z").ValueKind);
        Assert.Equal("""[1,"x",{"k":2}]""", p.GetProperty("a").GetRawText());
        Assert.Equal("""{"nested":{"deep":true}}""", p.GetProperty("o").GetRawText());
        Assert.Equal("1e400", p.GetProperty("big").GetRawText());
        Assert.Equal("你好", p.GetProperty("u").GetString());
    }

    [Fact]
    public async Task GetSnapshotAsync_AfterAppend_ExposesTypedColumns()
    {
        using var dir = new TempDirectory();
        await using var store = EventStore.Open(dir.Path);
        await store.AppendAsync(Events.ProjectA, [
            Events.Make(1, properties: """{"amount":9.5,"ok":true}"""),
            Events.Make(2, properties: """{"amount":"n/a","ok":null}"""),
            Events.Make(3, properties: """{"other":1}"""),
        ], Ct);

        var snapshot = await store.GetSnapshotAsync(Events.ProjectA, Ct);

        var tail = Assert.Single(snapshot.Segments);
        Assert.False(tail.IsSealed);
        Assert.True(snapshot.PropertyKeys.TryGetId("amount", out var amount));
        Assert.True(tail.TryGetProperty(amount, out var column));
        Assert.Equal(PropertyValueKind.Number, column.KindAt(0));
        Assert.Equal(9.5, column.Numbers[0]);
        Assert.Equal(PropertyValueKind.String, column.KindAt(1));
        Assert.Equal("n/a", snapshot.PropertyValues[column.StringIds[1]]);
        Assert.Equal(PropertyValueKind.Missing, column.KindAt(2));
        Assert.True(snapshot.PropertyKeys.TryGetId("ok", out var ok));
        Assert.True(tail.TryGetProperty(ok, out var okColumn));
        Assert.Equal(PropertyValueKind.True, okColumn.KindAt(0));
        Assert.Equal(PropertyValueKind.Null, okColumn.KindAt(1));
        Assert.False(snapshot.PropertyKeys.TryGetId("never", out _));
    }

    [Fact]
    public async Task ReadAllAsync_ManyBatches_KeepsTimestampOrder()
    {
        using var dir = new TempDirectory();
        await using var store = EventStore.Open(dir.Path);
        for (var b = 0; b < 5; b++)
        {
            await store.AppendAsync(Events.ProjectA, Events.Batch(b * 100, 100), Ct);
        }

        var rows = await Events.ReadAllAsync(store, Events.ProjectA);

        Assert.Equal(500, rows.Count);
        Assert.Equal(Enumerable.Range(0, 500).Select(Events.Uuid), rows.Select(r => r.Uuid));
    }

    [Fact]
    public async Task AppendAsync_TwoProjects_AreIsolated()
    {
        using var dir = new TempDirectory();
        await using (var store = EventStore.Open(dir.Path))
        {
            await store.AppendAsync(Events.ProjectA, Events.Batch(0, 10, "a-event"), Ct);
            await store.AppendAsync(Events.ProjectB, Events.Batch(100, 3, "b-event"), Ct);

            var a = await Events.ReadAllAsync(store, Events.ProjectA);
            var b = await Events.ReadAllAsync(store, Events.ProjectB);
            Assert.Equal(10, a.Count);
            Assert.All(a, r => Assert.Equal("a-event", r.Event));
            Assert.Equal(3, b.Count);
            Assert.All(b, r => Assert.Equal("b-event", r.Event));
            var snapshotB = await store.GetSnapshotAsync(Events.ProjectB, Ct);
            Assert.False(snapshotB.EventNames.TryGetId("a-event", out _));
        }

        await using var reopened = EventStore.Open(dir.Path);
        Assert.Equal([Events.ProjectA, Events.ProjectB], reopened.ListProjects());
        Assert.Equal(3, (await Events.ReadAllAsync(reopened, Events.ProjectB)).Count);
    }

    [Fact]
    public async Task AppendAsync_ConcurrentAppenders_AllRowsPresentOnce()
    {
        using var dir = new TempDirectory();
        await using var store = EventStore.Open(dir.Path);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < 20; b++)
            {
                await store.AppendAsync(Events.ProjectA, Events.Batch((w * 10_000) + (b * 50), 50), Ct);
            }
        }, Ct)));

        var snapshot = await store.GetSnapshotAsync(Events.ProjectA, Ct);
        Assert.Equal(8 * 20 * 50, snapshot.RowCount);
        var uuids = snapshot.Segments.SelectMany(s => s.Uuids.ToArray()).ToHashSet();
        Assert.Equal(8 * 20 * 50, uuids.Count);
    }
}
