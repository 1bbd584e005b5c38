namespace Yunying.Events.Tests;

public sealed class DeduplicationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EventStoreOptions At(DateTimeOffset now, bool sealOnDispose = true) =>
        new() { TimeProvider = new FixedTimeProvider(now), SealOnDispose = sealOnDispose };

    [Fact]
    public async Task AppendAsync_SkipDuplicatesWithin24h_SkipsAndReports()
    {
        using var dir = new TempDirectory();
        var now = EventRecord.FromMicros(Events.BaseTime).AddHours(2);
        await using var store = EventStore.Open(dir.Path, At(now));
        await store.AppendAsync(Events.ProjectA, Events.Batch(0, 10), Ct);

        var result = await store.AppendAsync(Events.ProjectA, [.. Events.Batch(5, 10), Events.Make(20), Events.Make(20)], AppendOptions.SkipDuplicates, Ct);

        Assert.Equal(6, result.Appended);
        Assert.Equal(6, result.SkippedDuplicates);
        Assert.Equal(16, (await store.GetSnapshotAsync(Events.ProjectA, Ct)).RowCount);
        Assert.True(await store.HasRecentUuidAsync(Events.ProjectA, Events.Uuid(3), Ct));
        Assert.False(await store.HasRecentUuidAsync(Events.ProjectA, Events.Uuid(99), Ct));
    }

    [Fact]
    public async Task AppendAsync_WithoutSkipOption_KeepsDuplicates()
    {
        using var dir = new TempDirectory();
        await using var store = EventStore.Open(dir.Path, At(EventRecord.FromMicros(Events.BaseTime)));
        await store.AppendAsync(Events.ProjectA, Events.Batch(0, 3), Ct);

        var result = await store.AppendAsync(Events.ProjectA, Events.Batch(0, 3), Ct);

        Assert.Equal(new AppendResult(3, 0, 2), result);
    }

    [Fact]
    public async Task AppendAsync_OldEventRetried_IsDeduplicatedByArrivalTime()
    {
        // An SDK that was offline for days retries a days-old event: the window runs on arrival, not on the event's timestamp.
        using var dir = new TempDirectory();
        await using var store = EventStore.Open(dir.Path, At(EventRecord.FromMicros(Events.BaseTime).AddDays(7)));
        await store.AppendAsync(Events.ProjectA, [Events.Make(1)], Ct);

        var result = await store.AppendAsync(Events.ProjectA, [Events.Make(1), Events.Make(1)], AppendOptions.SkipDuplicates, Ct);

        Assert.Equal((0, 2), (result.Appended, result.SkippedDuplicates));
    }

    [Fact]
    public async Task AppendAsync_RetryAfterWindowOfArrival_IsStoredAgain()
    {
        using var dir = new TempDirectory();
        var clock = new FixedTimeProvider(EventRecord.FromMicros(Events.BaseTime));
        await using var store = EventStore.Open(dir.Path, new EventStoreOptions { TimeProvider = clock });
        await store.AppendAsync(Events.ProjectA, [Events.Make(1)], Ct);

        clock.Now = clock.Now.AddHours(25);
        var result = await store.AppendAsync(Events.ProjectA, [Events.Make(1)], AppendOptions.SkipDuplicates, Ct);

        Assert.Equal(1, result.Appended);
    }

    [Fact]
    public async Task Open_AfterRestart_RemembersRecentUuidsFromLogAndSegments()
    {
        using var dir = new TempDirectory();
        var now = EventRecord.FromMicros(Events.BaseTime).AddHours(1);
        await using (var store = EventStore.Open(dir.Path, At(now, sealOnDispose: false)))
        {
            await store.AppendAsync(Events.ProjectA, Events.Batch(0, 5), Ct);
            await store.FlushAsync(Events.ProjectA, Ct);
            await store.AppendAsync(Events.ProjectA, Events.Batch(5, 5), Ct);
        }

        await using var reopened = EventStore.Open(dir.Path, At(now));
        var result = await reopened.AppendAsync(Events.ProjectA, Events.Batch(0, 12), AppendOptions.SkipDuplicates, Ct);

        Assert.Equal(new AppendResult(2, 10, result.Sequence), result);
    }

    [Fact]
    public async Task AppendAsync_InvalidRecord_RejectsBatchWithoutReservingUuids()
    {
        using var dir = new TempDirectory();
        await using var store = EventStore.Open(dir.Path, At(EventRecord.FromMicros(Events.BaseTime)));
        EventRecord[] invalid = [Events.Make(1), Events.Make(2) with { DistinctId = null! }];

        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(Events.ProjectA, invalid, AppendOptions.SkipDuplicates, Ct));
        var result = await store.AppendAsync(Events.ProjectA, [Events.Make(1)], AppendOptions.SkipDuplicates, Ct);

        Assert.Equal(1, result.Appended);
    }
}
