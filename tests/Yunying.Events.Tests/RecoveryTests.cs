namespace Yunying.Events.Tests;

public sealed class RecoveryTests
{
    private static readonly EventStoreOptions NoSealOnDispose = new() { SealOnDispose = false };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Open_AfterDisposeWithoutSealing_ReplaysEveryRow()
    {
        using var dir = new TempDirectory();
        await using (var store = EventStore.Open(dir.Path, NoSealOnDispose))
        {
            await store.AppendAsync(Events.ProjectA, Events.Batch(0, 300), Ct);
            await store.AppendAsync(Events.ProjectA, Events.Batch(300, 200), Ct);
        }

        Assert.Empty(Directory.GetFiles(dir.PartitionDirectory(Events.ProjectA), "seg-*"));
        await using var reopened = EventStore.Open(dir.Path, NoSealOnDispose);
        var rows = await Events.ReadAllAsync(reopened, Events.ProjectA);

        Assert.Equal(Enumerable.Range(0, 500).Select(Events.Uuid), rows.Select(r => r.Uuid));
        Assert.Equal("""{"n":499,"s":"v1"}""", rows[^1].PropertiesJson);
    }

    [Fact]
    public async Task Open_TornTailInLog_KeepsCompleteRecordsAndStaysWritable()
    {
        using var dir = new TempDirectory();
        await using (var store = EventStore.Open(dir.Path, NoSealOnDispose))
        {
            for (var b = 0; b < 4; b++)
            {
                await store.AppendAsync(Events.ProjectA, Events.Batch(b * 10, 10), Ct);
            }
        }

        // Cut the last record short, as a crash in the middle of its write would.
        var wal = Directory.GetFiles(dir.PartitionDirectory(Events.ProjectA), "wal-*").Order().Last();
        var length = new FileInfo(wal).Length;
        using (var stream = new FileStream(wal, FileMode.Open))
        {
            stream.SetLength(length - 7);
        }

        await using (var reopened = EventStore.Open(dir.Path, NoSealOnDispose))
        {
            var rows = await Events.ReadAllAsync(reopened, Events.ProjectA);
            Assert.Equal(Enumerable.Range(0, 30).Select(Events.Uuid), rows.Select(r => r.Uuid));

            var result = await reopened.AppendAsync(Events.ProjectA, Events.Batch(1000, 5), Ct);
            Assert.Equal(5, result.Appended);
        }

        await using var again = EventStore.Open(dir.Path, NoSealOnDispose);
        Assert.Equal(35, (await Events.ReadAllAsync(again, Events.ProjectA)).Count);
    }

    [Fact]
    public async Task Open_CorruptedLastRecordBytes_DropsOnlyThatRecord()
    {
        using var dir = new TempDirectory();
        await using (var store = EventStore.Open(dir.Path, NoSealOnDispose))
        {
            await store.AppendAsync(Events.ProjectA, Events.Batch(0, 10), Ct);
            await store.AppendAsync(Events.ProjectA, Events.Batch(10, 10), Ct);
        }

        var wal = Directory.GetFiles(dir.PartitionDirectory(Events.ProjectA), "wal-*").Order().Last();
        var bytes = await File.ReadAllBytesAsync(wal, Ct);
        bytes[^3] ^= 0xFF;
        await File.WriteAllBytesAsync(wal, bytes, Ct);

        await using var reopened = EventStore.Open(dir.Path, NoSealOnDispose);
        var rows = await Events.ReadAllAsync(reopened, Events.ProjectA);

        Assert.Equal(Enumerable.Range(0, 10).Select(Events.Uuid), rows.Select(r => r.Uuid));
    }

    [Fact]
    public async Task Open_RepeatedlyWithoutSealing_AccumulatesEveryRow()
    {
        using var dir = new TempDirectory();
        for (var round = 0; round < 3; round++)
        {
            await using var store = EventStore.Open(dir.Path, NoSealOnDispose);
            await store.AppendAsync(Events.ProjectA, Events.Batch(round * 10, 10), Ct);
        }

        await using (var store = EventStore.Open(dir.Path))
        {
            Assert.Equal(30, (await Events.ReadAllAsync(store, Events.ProjectA)).Count);
        }

        // Disposing with sealing on leaves one segment and no replayable log.
        Assert.Single(Directory.GetFiles(dir.PartitionDirectory(Events.ProjectA), "seg-*"));
        await using var sealedStore = EventStore.Open(dir.Path);
        var snapshot = await sealedStore.GetSnapshotAsync(Events.ProjectA, Ct);
        Assert.Equal(30, snapshot.RowCount);
        Assert.True(Assert.Single(snapshot.Segments).IsSealed);
    }
}
