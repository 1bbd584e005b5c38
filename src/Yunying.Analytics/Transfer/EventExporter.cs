using Yunying.Analytics.People;
using Yunying.Events;

namespace Yunying.Analytics.Transfer;

/// <summary>Streams a project's events from the engine as JSON Lines (see <see cref="JsonlEventWriter"/>).</summary>
public static class EventExporter
{
    /// <summary>
    /// Writes the project's events with <paramref name="from"/> ≤ timestamp &lt; <paramref name="to"/> (either
    /// bound optional) and returns how many. Each line's <c>person_id</c> is the person the distinct id
    /// belongs to after identity resolution. <paramref name="progress"/> receives the events read so far.
    /// </summary>
    public static async Task<long> ExportAsync(EventStore store, Guid projectId, DateTimeOffset? from, DateTimeOffset? to, Stream output, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var low = from is { } f ? EventRecord.ToMicros(f) : long.MinValue;
        var high = to is { } t ? EventRecord.ToMicros(t) : long.MaxValue;
        var map = new PersonResolver().Resolve(await store.GetSnapshotAsync(projectId, cancellationToken).ConfigureAwait(false));
        var personIds = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var writer = new JsonlEventWriter(output);
        long read = 0;
        await foreach (var exported in store.ReadAllAsync(projectId, cancellationToken).ConfigureAwait(false))
        {
            if (++read % 50_000 == 0)
            {
                progress?.Report(read);
            }

            if (exported.TimestampMicros >= low && exported.TimestampMicros < high)
            {
                writer.Write(exported, PersonIdOf(map, exported.DistinctId, personIds));
            }
        }

        progress?.Report(read);
        return writer.Written;
    }

    private static string PersonIdOf(PersonMap map, string distinctId, Dictionary<string, string> cache)
    {
        if (!cache.TryGetValue(distinctId, out var text))
        {
            var id = map.Snapshot.DistinctIds.TryGetId(distinctId, out var ordinal) && ordinal < map.DistinctToPerson.Length
                ? map.PersonIds[map.DistinctToPerson[ordinal]]
                : PersonResolver.PersonId(map.Snapshot.ProjectId, distinctId);
            text = id.ToString();
            cache[distinctId] = text;
        }

        return text;
    }
}
