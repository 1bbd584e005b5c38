using Yunying.Events.Kernels;

namespace Yunying.Events.Tests;

public sealed class ScanKernelTests
{
    public static TheoryData<int> Lengths => [0, 1, 3, 4, 7, 8, 9, 31, 33, 1000, 4099];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void CountByEvent_RandomData_VectorAndScalarAgree(int length)
    {
        var random = new Random(length);
        var timestamps = new long[length];
        var events = new int[length];
        for (var i = 0; i < length; i++)
        {
            timestamps[i] = random.NextInt64(0, 1000);
            events[i] = random.Next(0, 13);
        }

        var vector = new long[13];
        var scalar = new long[13];
        ScanKernels.CountByEvent(timestamps, events, 250, 750, vector, vectorize: true);
        ScanKernels.CountByEvent(timestamps, events, 250, 750, scalar, vectorize: false);

        Assert.Equal(scalar, vector);
        var expected = new long[13];
        for (var i = 0; i < length; i++)
        {
            if (timestamps[i] is >= 250 and < 750)
            {
                expected[events[i]]++;
            }
        }

        Assert.Equal(expected, scalar);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void CountEvent_RandomData_VectorAndScalarAgree(int length)
    {
        var random = new Random(length + 1);
        var timestamps = new long[length];
        var events = new int[length];
        for (var i = 0; i < length; i++)
        {
            timestamps[i] = random.NextInt64(-500, 500);
            events[i] = random.Next(0, 4);
        }

        for (var e = 0; e < 4; e++)
        {
            var expected = Enumerable.Range(0, length).Count(i => events[i] == e && timestamps[i] >= -100 && timestamps[i] < 300);
            Assert.Equal(expected, ScanKernels.CountEvent(timestamps, events, e, -100, 300, vectorize: false));
            Assert.Equal(expected, ScanKernels.CountEvent(timestamps, events, e, -100, 300, vectorize: true));
        }
    }

    [Fact]
    public void Histogram_RandomIds_MatchesScalarCount()
    {
        var random = new Random(7);
        var events = Enumerable.Range(0, 10_001).Select(_ => random.Next(0, 5)).ToArray();
        var counts = new long[5];

        ScanKernels.Histogram(events, counts);

        Assert.Equal(Enumerable.Range(0, 5).Select(e => (long)events.Count(x => x == e)), counts);
    }

    [Fact]
    public async Task CountByEvent_Snapshot_SameBeforeAndAfterSealing()
    {
        using var dir = new TempDirectory();
        await using var store = EventStore.Open(dir.Path);
        var ct = TestContext.Current.CancellationToken;
        await store.AppendAsync(Events.ProjectA, Events.Batch(0, 700, "a"), ct);
        await store.AppendAsync(Events.ProjectA, Events.Batch(700, 300, "b"), ct);
        var from = Events.BaseTime + (100 * 1_000_000L);
        var to = Events.BaseTime + (800 * 1_000_000L);

        var before = ScanKernels.CountByEvent(await store.GetSnapshotAsync(Events.ProjectA, ct), from, to);
        await store.FlushAsync(Events.ProjectA, ct);
        var after = ScanKernels.CountByEvent(await store.GetSnapshotAsync(Events.ProjectA, ct), from, to);

        Assert.Equal([600L, 100L], before);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task CountDistinctPersons_WithOverrideMap_MergesDistinctIds()
    {
        using var dir = new TempDirectory();
        await using var store = EventStore.Open(dir.Path);
        var ct = TestContext.Current.CancellationToken;
        await store.AppendAsync(Events.ProjectA, [
            Events.Make(1, distinct: "anon-1"),
            Events.Make(2, distinct: "user-1"),
            Events.Make(3, distinct: "anon-2"),
            Events.Make(4, distinct: "user-2", name: "signup"),
        ], ct);
        await store.FlushAsync(Events.ProjectA, ct);
        await store.AppendAsync(Events.ProjectA, [Events.Make(5, distinct: "late")], ct);
        var snapshot = await store.GetSnapshotAsync(Events.ProjectA, ct);
        snapshot.DistinctIds.TryGetId("anon-1", out var anon1);
        snapshot.DistinctIds.TryGetId("user-1", out var user1);
        snapshot.DistinctIds.TryGetId("anon-2", out var anon2);
        snapshot.DistinctIds.TryGetId("user-2", out var user2);

        // anon-1 and user-1 are one person; "late" is not in the map yet.
        var map = new int[4];
        map[anon1] = 0;
        map[user1] = 0;
        map[anon2] = 1;
        map[user2] = 2;

        Assert.Equal(4, ScanKernels.CountDistinctPersons(snapshot, long.MinValue, long.MaxValue, -1, map));
        Assert.Equal(5, ScanKernels.CountDistinctPersons(snapshot, long.MinValue, long.MaxValue, -1, []));
        snapshot.EventNames.TryGetId("signup", out var signup);
        Assert.Equal(1, ScanKernels.CountDistinctPersons(snapshot, long.MinValue, long.MaxValue, signup, map));
        Assert.Equal(1, ScanKernels.CountDistinctPersons(snapshot, Events.BaseTime, Events.BaseTime + 2_500_000, -1, map));
        Assert.Equal(2, ScanKernels.CountDistinctPersons(snapshot, Events.BaseTime, Events.BaseTime + 3_500_000, -1, map));
    }
}
