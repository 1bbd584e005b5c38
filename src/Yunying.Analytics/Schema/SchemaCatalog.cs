using System.Collections.Concurrent;
using Yunying.Events;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Schema;

/// <summary>
/// Schema discovery for a project, cached per snapshot sequence: repeated questions about an unchanged
/// project cost a dictionary lookup, and any append makes the next question recompute from the columns.
/// </summary>
public sealed class SchemaCatalog(EventStore store)
{
    private readonly ConcurrentDictionary<Guid, Entry> _cache = new();

    /// <summary>Event names with volumes and first/last seen, most frequent first.</summary>
    public async Task<IReadOnlyList<EventSchema>> EventsAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var entry = await EntryAsync(projectId, cancellationToken);
        return entry.Events.Value;
    }

    /// <summary>Property keys (of one event name's events, or of all events when <paramref name="eventName"/> is null), most frequent first.</summary>
    public async Task<IReadOnlyList<PropertySchema>> PropertiesAsync(Guid projectId, string? eventName, CancellationToken cancellationToken)
    {
        var entry = await EntryAsync(projectId, cancellationToken);
        return entry.Properties.GetOrAdd(eventName ?? string.Empty, _ => new Lazy<IReadOnlyList<PropertySchema>>(() => SchemaScanner.Properties(entry.Snapshot, eventName))).Value;
    }

    private async Task<Entry> EntryAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var snapshot = await store.GetSnapshotAsync(projectId, cancellationToken);
        if (_cache.TryGetValue(projectId, out var cached) && cached.Snapshot.Sequence == snapshot.Sequence)
        {
            return cached;
        }

        var entry = new Entry(snapshot);
        _cache[projectId] = entry;
        return entry;
    }

    private sealed class Entry(ProjectSnapshot snapshot)
    {
        public ProjectSnapshot Snapshot { get; } = snapshot;

        public Lazy<IReadOnlyList<EventSchema>> Events { get; } = new(() => SchemaScanner.Events(snapshot));

        // Keyed by event name; "" stands for all events (an empty event name is not accepted by capture).
        public ConcurrentDictionary<string, Lazy<IReadOnlyList<PropertySchema>>> Properties { get; } = new(StringComparer.Ordinal);
    }
}
