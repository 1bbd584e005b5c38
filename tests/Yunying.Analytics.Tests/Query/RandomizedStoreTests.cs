using Yunying.Events;

namespace Yunying.Analytics.Tests.Query;

/// <summary>
/// What every randomized comparison of an analysis with its plain reference shares: a throw-away event store
/// with small segments (so datasets end up partly sealed, partly in the live tail) and the seeds 1 … N.
/// </summary>
public abstract class RandomizedStoreTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "yunying-randomized-" + Guid.NewGuid().ToString("N"));

    /// <summary>The store the datasets are loaded into (each under a project of its own).</summary>
    protected EventStore Store { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Store = EventStore.Open(_dir, new EventStoreOptions { SealThreshold = 150 });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The seeds 1 … <paramref name="count"/>, one theory case each.</summary>
    protected static TheoryData<int> SeedsUpTo(int count)
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= count; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }
}
