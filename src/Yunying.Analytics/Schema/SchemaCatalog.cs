using System.Collections.Concurrent;
using Yunying.Events;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Schema;

/// <summary>
/// Schema discovery for a project, cached per snapshot sequence: repeated questions about an unchanged
/// project cost a dictionary lookup, and any append or forget makes the next question recompute from the
/// columns. Only answers are cached, never a snapshot, so replaced segments (and forgotten rows) are not
/// kept alive by the cache.
/// </summary>
public sealed class SchemaCatalog(EventStore store)
{
    private readonly ConcurrentDictionary<Guid, Entry> _cache = new();

    /// <summary>Event names with volumes and first/last seen, most frequent first.</summary>
    public async Task<IReadOnlyList<EventSchema>> EventsAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var (entry, snapshot) = await EntryAsync(projectId, cancellationToken);
        return entry.Events.GetOrAdd(0, _ => new Lazy<IReadOnlyList<EventSchema>>(() => SchemaScanner.Events(snapshot))).Value;
    }

    /// <summary>Property keys (of one event name's events, or of all events when <paramref name="eventName"/> is null), most frequent first.</summary>
    public async Task<IReadOnlyList<PropertySchema>> PropertiesAsync(Guid projectId, string? eventName, CancellationToken cancellationToken)
    {
        var (entry, snapshot) = await EntryAsync(projectId, cancellationToken);
        return entry.Properties.GetOrAdd(eventName ?? string.Empty, _ => new Lazy<IReadOnlyList<PropertySchema>>(() => SchemaScanner.Properties(snapshot, eventName))).Value;
    }

    /// <summary>
    /// Property key names of all events, most frequent first, without types or samples: what a form suggests.
    /// Counting bitmaps only, it costs milliseconds where <see cref="PropertiesAsync"/> visits every value.
    /// </summary>
    public async Task<IReadOnlyList<string>> PropertyKeysAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var (entry, snapshot) = await EntryAsync(projectId, cancellationToken);
        return entry.Keys.GetOrAdd(0, _ => new Lazy<IReadOnlyList<string>>(() => [.. SchemaScanner.PropertyKeys(snapshot).Select(k => k.Key)])).Value;
    }

    private async Task<(Entry Entry, ProjectSnapshot Snapshot)> EntryAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var snapshot = await store.GetSnapshotAsync(projectId, cancellationToken);
        if (_cache.TryGetValue(projectId, out var cached) && cached.Sequence == snapshot.Sequence)
        {
            return (cached, snapshot);
        }

        var entry = new Entry(snapshot.Sequence);
        _cache[projectId] = entry;
        return (entry, snapshot);
    }

    /// <summary>The answers computed for one snapshot sequence (the same sequence always has the same rows).</summary>
    private sealed class Entry(long sequence)
    {
        public long Sequence { get; } = sequence;

        // One slot; a dictionary so the first caller computes and concurrent callers wait for it.
        public ConcurrentDictionary<int, Lazy<IReadOnlyList<EventSchema>>> Events { get; } = new();

        public ConcurrentDictionary<int, Lazy<IReadOnlyList<string>>> Keys { get; } = new();

        // Keyed by event name; "" stands for all events (capture refuses an empty event name).
        public ConcurrentDictionary<string, Lazy<IReadOnlyList<PropertySchema>>> Properties { get; } = new(StringComparer.Ordinal);
    }
}
