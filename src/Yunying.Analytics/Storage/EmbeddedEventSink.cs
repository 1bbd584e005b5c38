using Yunying.Analytics.Capture;
using Yunying.Events;

namespace Yunying.Analytics.Storage;

/// <summary>
/// Capture's sink on the embedded engine: one durable append per request (written and fsync'ed before the
/// SDK gets its answer), de-duplicated by uuid over the engine's window (24 hours).
/// </summary>
public sealed class EmbeddedEventSink(EventStore store) : ICaptureSink
{
    public async Task<CaptureResult> AcceptAsync(Guid projectId, IReadOnlyList<CapturedEvent> events, CancellationToken cancellationToken)
    {
        var records = new EventRecord[events.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = StoredProperties.ToRecord(events[i]);
        }

        try
        {
            var result = await store.AppendAsync(projectId, records, AppendOptions.SkipDuplicates, cancellationToken);
            return new CaptureResult(result.Appended, result.SkippedDuplicates);
        }
        catch (IOException e)
        {
            // A full or failing disk: the SDK keeps the events and retries, which is better than a 500.
            throw new CaptureUnavailableException($"The event store could not write: {e.Message}");
        }
    }
}
