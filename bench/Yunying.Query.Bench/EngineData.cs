using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Yunying.Analytics;
using Yunying.Analytics.Demo;
using Yunying.Analytics.People;
using Yunying.Analytics.Query;
using Yunying.Events;
using Yunying.Events.Reading;

namespace Yunying.Query.Bench;

/// <summary>
/// One demo data set in the embedded engine: the store (loaded from the generator when empty), its person
/// resolver, and query contexts over its snapshots at the bench's fixed "now".
/// </summary>
internal sealed class EngineData : IAsyncDisposable
{
    /// <summary>The last day with demo events (Asia/Shanghai).</summary>
    public static readonly DateOnly EndDate = new(2026, 11, 21);

    /// <summary>The queries' "now": 2026-11-22 12:00 in Asia/Shanghai.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.FromHours(8));

    // Written once the concurrent-ingest phase has appended events the generator does not make: such a store is not reused.
    private const string AppendedMarker = "concurrent-ingest-appended";

    private readonly ServiceProvider _provider;
    private readonly IPersonResolver? _resolver;
    private readonly ZonedCalendar _calendar;

    private EngineData(EventStore store, Guid projectId, DemoGenerator generator, string dataDir)
    {
        Store = store;
        ProjectId = projectId;
        Generator = generator;
        DataDir = dataDir;
        var services = new ServiceCollection();
        services.AddSingleton(store);
        services.AddSingleton(TimeProvider.System);
        services.AddEventExplorer<AnyoneMayRead>();
        _provider = services.BuildServiceProvider();
        _resolver = _provider.GetService<IPersonResolver>();
        ZonedCalendar.TryFind("Asia/Shanghai", out var calendar);
        _calendar = calendar!;
    }

    public EventStore Store { get; }

    public Guid ProjectId { get; }

    public DemoGenerator Generator { get; }

    public string DataDir { get; }

    /// <summary>Opens (and when empty, loads) the data set of <paramref name="options"/> in <paramref name="dataDir"/>.</summary>
    public static async Task<EngineData> OpenAsync(string dataDir, DemoOptions options, Action<string> progress)
    {
        if (File.Exists(Path.Combine(dataDir, AppendedMarker)))
        {
            progress($"{dataDir} holds events a concurrent-ingest phase appended: loading it afresh");
            Directory.Delete(dataDir, recursive: true);
        }

        var projectId = new Guid(options.Seed, 0x5155, 0x4552, 0x59, 0x42, 0x45, 0x4e, 0x43, 0x48, (byte)(options.Events % 251), (byte)(options.Users % 251));
        var generator = new DemoGenerator(options);
        var store = EventStore.Open(dataDir, new EventStoreOptions { SealOnDispose = false });
        var snapshot = await store.GetSnapshotAsync(projectId);
        if (snapshot.RowCount == 0)
        {
            var loaded = await DemoLoader.LoadAsync(store, projectId, generator, null, CancellationToken.None);
            await store.FlushAsync(projectId);
            progress($"loaded {loaded.Events:N0} events in {loaded.Elapsed.TotalSeconds:F1} s");
        }

        return new EngineData(store, projectId, generator, dataDir);
    }

    /// <summary>Marks the store as holding more than the generator's events (see <see cref="OpenAsync"/>).</summary>
    public void MarkAppended() => File.WriteAllText(Path.Combine(DataDir, AppendedMarker), "events beyond the demo generator's were appended\n");

    /// <summary>The current snapshot, its person map and how long resolving the map took.</summary>
    public async Task<(QueryContext Context, PersonMap Persons, double ResolveMs)> ContextAsync()
    {
        var snapshot = await Store.GetSnapshotAsync(ProjectId);
        var watch = Stopwatch.StartNew();
        var persons = _resolver is null ? OwnPersons.Map(snapshot) : _resolver.Resolve(snapshot);
        var resolveMs = watch.Elapsed.TotalMilliseconds;
        return (new QueryContext(snapshot, persons, _calendar, EventRecord.ToMicros(Now)), persons, resolveMs);
    }

    /// <summary>Whether a person resolver is registered (without one each distinct id counts as its own person).</summary>
    public bool HasResolver => _resolver is not null;

    /// <summary>A one-line description of a snapshot.</summary>
    public static string Describe(ProjectSnapshot snapshot) =>
        $"{snapshot.RowCount:N0} rows in {snapshot.Segments.Count} views; {snapshot.DistinctIds.Count:N0} distinct ids; {snapshot.PropertyValues.Count:N0} property values";

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Store.DisposeAsync();
    }
}
