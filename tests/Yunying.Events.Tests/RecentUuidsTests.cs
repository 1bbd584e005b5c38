using Yunying.Events.Partition;

namespace Yunying.Events.Tests;

/// <summary>The de-duplication table itself: growth, expiry when it rebuilds, and the all-zero uuid that marks its free slots.</summary>
public sealed class RecentUuidsTests
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    [Fact]
    public void Register_ManyTimesTheFirstCapacity_EveryUuidSeenOnceAndAllRemembered()
    {
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var recent = new RecentUuids(Day, clock);
        var batch = Enumerable.Range(0, 300_000).Select(i => Events.Make(i)).ToArray();

        var first = recent.Register(batch, skipDuplicates: true, out var skippedFirst);
        var again = recent.Register(batch[^1000..], skipDuplicates: true, out var skippedAgain);

        Assert.Null(first);
        Assert.Equal(0, skippedFirst);
        Assert.Equal(1000, skippedAgain);
        Assert.Empty(again!);
        Assert.Equal(300_000, recent.Count);
        Assert.All(new[] { 0, 65_535, 65_536, 299_999 }, i => Assert.True(recent.Contains(Events.Uuid(i))));
        Assert.False(recent.Contains(Events.Uuid(300_000)));
    }

    [Fact]
    public void Register_AfterTheWindow_OldUuidsExpireAndAreDroppedWhenTheTableRebuilds()
    {
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var recent = new RecentUuids(Day, clock);
        recent.Register(Enumerable.Range(0, 40_000).Select(i => Events.Make(i)).ToArray(), skipDuplicates: true, out _);

        clock.Now += Day - TimeSpan.FromSeconds(1);
        Assert.True(recent.Contains(Events.Uuid(7)));
        clock.Now += TimeSpan.FromSeconds(2);
        Assert.False(recent.Contains(Events.Uuid(7)));

        // 40,000 new uuids push the table past three quarters of 65,536: it rebuilds with the new ones only.
        recent.Register(Enumerable.Range(100_000, 40_000).Select(i => Events.Make(i)).ToArray(), skipDuplicates: true, out _);
        var kept = recent.Register([Events.Make(7), Events.Make(100_007)], skipDuplicates: true, out var skipped);

        Assert.Equal(1, skipped);
        Assert.Equal([0], kept!);
        Assert.True(recent.Count < 80_000, $"expired uuids were kept: {recent.Count}");
    }

    [Fact]
    public void Register_AllZeroUuid_IsDeduplicatedLikeAnyOther()
    {
        var recent = new RecentUuids(Day, new FixedTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero)));
        var zero = Events.Make(1) with { Uuid = Guid.Empty };

        Assert.False(recent.Contains(Guid.Empty));
        recent.Register([zero], skipDuplicates: true, out var first);
        recent.Register([zero, Events.Make(2)], skipDuplicates: true, out var second);

        Assert.Equal(0, first);
        Assert.Equal(1, second);
        Assert.True(recent.Contains(Guid.Empty));
        Assert.False(recent.Contains(Events.Uuid(3)));
    }
}
