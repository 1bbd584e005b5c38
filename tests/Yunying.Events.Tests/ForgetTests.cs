namespace Yunying.Events.Tests;

public sealed class ForgetTests
{
    private static readonly EventStoreOptions NoSealOnDispose = new() { SealOnDispose = false };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EventRecord[] Mixed(int start, int count) =>
        [.. Enumerable.Range(start, count).Select(i => Events.Make(i, distinct: i % 4 == 0 ? "forget-me" : $"keep-{i % 3}"))];

    [Fact]
    public async Task ForgetAsync_TailAndSegments_RemovesRowsNowAfterReopenAndAfterSealing()
    {
        using var dir = new TempDirectory();
        await using (var store = EventStore.Open(dir.Path, NoSealOnDispose))
        {
            await store.AppendAsync(Events.ProjectA, Mixed(0, 100), Ct);
            await store.FlushAsync(Events.ProjectA, Ct);
            await store.AppendAsync(Events.ProjectA, Mixed(100, 100), Ct);

            var removed = await store.ForgetAsync(Events.ProjectA, ["forget-me", "nobody"], Ct);

            Assert.Equal(50, removed);
            await AssertForgottenAsync(store, 150);
        }

        await using (var reopened = EventStore.Open(dir.Path, NoSealOnDispose))
        {
            await AssertForgottenAsync(reopened, 150);
            await reopened.FlushAsync(Events.ProjectA, Ct);
            await AssertForgottenAsync(reopened, 150);
        }

        await using var sealedStore = EventStore.Open(dir.Path);
        await AssertForgottenAsync(sealedStore, 150);
    }

    [Fact]
    public async Task ForgetAsync_EventsAppendedAfterwards_AreKept()
    {
        using var dir = new TempDirectory();
        await using (var store = EventStore.Open(dir.Path, NoSealOnDispose))
        {
            await store.AppendAsync(Events.ProjectA, Mixed(0, 40), Ct);
            await store.ForgetAsync(Events.ProjectA, ["forget-me"], Ct);
            await store.AppendAsync(Events.ProjectA, [Events.Make(1000, distinct: "forget-me")], Ct);
        }

        // Replay applies the tombstone at its place in the log: the later event survives.
        await using var reopened = EventStore.Open(dir.Path, NoSealOnDispose);
        var rows = await Events.ReadAllAsync(reopened, Events.ProjectA);
        Assert.Equal(31, rows.Count);
        Assert.Equal(Events.Uuid(1000), Assert.Single(rows, r => r.DistinctId == "forget-me").Uuid);
    }

    [Fact]
    public async Task ForgetAsync_CrashBeforeSegmentRewrite_RecoveryReappliesTombstone()
    {
        using var dir = new TempDirectory();
        await using (var store = EventStore.Open(dir.Path, NoSealOnDispose))
        {
            await store.AppendAsync(Events.ProjectA, Mixed(0, 100), Ct);
            await store.FlushAsync(Events.ProjectA, Ct);
        }

        var partition = dir.PartitionDirectory(Events.ProjectA);
        var manifest = await File.ReadAllTextAsync(Path.Combine(partition, "manifest.json"), Ct);
        var segment = Directory.GetFiles(partition, "seg-*").Single();
        var segmentBytes = await File.ReadAllBytesAsync(segment, Ct);
        await using (var store = EventStore.Open(dir.Path, NoSealOnDispose))
        {
            await store.ForgetAsync(Events.ProjectA, ["forget-me"], Ct);
        }

        // Put back the pre-forget manifest and segment: as if the process died after the tombstone was
        // logged but before the rewritten segment was published.
        foreach (var file in Directory.GetFiles(partition, "seg-*"))
        {
            File.Delete(file);
        }

        await File.WriteAllBytesAsync(segment, segmentBytes, Ct);
        await File.WriteAllTextAsync(Path.Combine(partition, "manifest.json"), manifest, Ct);

        await using var reopened = EventStore.Open(dir.Path, NoSealOnDispose);
        await AssertForgottenAsync(reopened, 75);
    }

    private static async Task AssertForgottenAsync(EventStore store, int expected)
    {
        var rows = await Events.ReadAllAsync(store, Events.ProjectA);
        Assert.Equal(expected, rows.Count);
        Assert.DoesNotContain(rows, r => r.DistinctId == "forget-me");
    }
}
