namespace Yunying.Events.Tests;

public sealed class StoreLockTests
{
    [Fact]
    public async Task Open_WhileAnotherStoreHoldsTheDirectory_FailsClearlyAndWorksAfterDispose()
    {
        using var dir = new TempDirectory();
        var first = EventStore.Open(dir.Path);

        var refused = Assert.Throws<IOException>(() => EventStore.Open(dir.Path));
        await first.DisposeAsync();
        await using var second = EventStore.Open(dir.Path);

        Assert.Contains("in use by another process", refused.Message);
        Assert.NotNull(second);
    }
}
