using Yunying.Events.Reading;

namespace Yunying.Events.Tests;

public sealed class SealingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EventRecord[] Shuffled(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count)
            .Select(i => Events.Make(i, i % 3 == 0 ? "purchase" : "$pageview", $"d{random.Next(0, 40)}",
                $$"""{"amount":{{i}},"city":"c{{i % 5}}","vip":{{(i % 2 == 0 ? "true" : "false")}}}""",
                Events.BaseTime + random.NextInt64(0, 10_000_000_000)))];
    }

    [Fact]
    public async Task FlushAsync_ShuffledRows_SegmentSortedByDistinctThenTime()
    {
        using var dir = new TempDirectory();
        await using var store = EventStore.Open(dir.Path);
        await store.AppendAsync(Events.ProjectA, Shuffled(2000, 1), Ct);

        await store.FlushAsync(Events.ProjectA, Ct);

        var snapshot = await store.GetSnapshotAsync(Events.ProjectA, Ct);
        var segment = Assert.Single(snapshot.Segments);
        Assert.True(segment.IsSealed);
        Assert.True(segment.IsSortedByDistinctAndTime);
        AssertSorted(segment);
    }

    [Fact]
    public async Task SortedByDistinctAndTime_Tail_ReturnsSortedCopyWithSameRows()
    {
        using var dir = new TempDirectory();
        await using var store = EventStore.Open(dir.Path);
        await store.AppendAsync(Events.ProjectA, Shuffled(500, 2), Ct);
        var tail = Assert.Single((await store.GetSnapshotAsync(Events.ProjectA, Ct)).Segments);

        var sorted = tail.SortedByDistinctAndTime();

        Assert.False(tail.IsSortedByDistinctAndTime);
        AssertSorted(sorted);
        Assert.Equal(tail.Uuids.ToArray().Order(), sorted.Uuids.ToArray().Order());
    }

    [Fact]
    public async Task Queries_BeforeAndAfterSealingAndReopen_GiveSameRows()
    {
        using var dir = new TempDirectory();
        List<ExportedEvent> before, afterSeal;
        await using (var store = EventStore.Open(dir.Path, new EventStoreOptions { SealThreshold = 700 }))
        {
            foreach (var chunk in Shuffled(2000, 3).Chunk(100))
            {
                await store.AppendAsync(Events.ProjectA, chunk, Ct);
            }

            before = Canonical(await Events.ReadAllAsync(store, Events.ProjectA));
            await store.FlushAsync(Events.ProjectA, Ct);
            afterSeal = Canonical(await Events.ReadAllAsync(store, Events.ProjectA));
            var snapshot = await store.GetSnapshotAsync(Events.ProjectA, Ct);
            Assert.True(snapshot.Segments.Count >= 2, "the threshold should have sealed in the background too");
            Assert.All(snapshot.Segments, s => Assert.True(s.IsSealed));
        }

        await using var reopened = EventStore.Open(dir.Path);
        var afterReopen = Canonical(await Events.ReadAllAsync(reopened, Events.ProjectA));

        Assert.Equal(2000, before.Count);
        Assert.Equal(before, afterSeal);
        Assert.Equal(before, afterReopen);
        Assert.DoesNotContain(Directory.GetFiles(dir.PartitionDirectory(Events.ProjectA), "wal-*"), f => new FileInfo(f).Length > 32);
    }

    [Fact]
    public async Task GetSnapshotAsync_TakenBeforeSealing_StaysReadable()
    {
        using var dir = new TempDirectory();
        await using var store = EventStore.Open(dir.Path);
        await store.AppendAsync(Events.ProjectA, Events.Batch(0, 100), Ct);
        var old = await store.GetSnapshotAsync(Events.ProjectA, Ct);

        await store.FlushAsync(Events.ProjectA, Ct);
        await store.AppendAsync(Events.ProjectA, Events.Batch(100, 10), Ct);

        Assert.Equal(100, old.RowCount);
        Assert.False(Assert.Single(old.Segments).IsSealed);
        Assert.Equal(Enumerable.Range(0, 100).Select(Events.Uuid), old.Segments[0].Uuids.ToArray());
        Assert.Equal(110, (await store.GetSnapshotAsync(Events.ProjectA, Ct)).RowCount);
    }

    private static List<ExportedEvent> Canonical(List<ExportedEvent> rows) => [.. rows.OrderBy(r => r.Uuid)];

    private static void AssertSorted(SegmentView segment)
    {
        var ordinals = segment.DistinctOrdinals;
        var timestamps = segment.Timestamps;
        for (var i = 1; i < segment.RowCount; i++)
        {
            Assert.True(
                ordinals[i - 1] < ordinals[i] || (ordinals[i - 1] == ordinals[i] && timestamps[i - 1] <= timestamps[i]),
                $"row {i} is out of order");
        }
    }
}
