namespace Yunying.Analytics.Capture;

/// <summary>
/// Where validated events go: the event pipeline (identity resolution and the event store).
/// Capture calls it once per request, after validation, and answers the SDK only when it completes, so
/// completion must mean "durable". De-duplication by <see cref="CapturedEvent.Uuid"/> is the sink's job.
/// The events' JSON values read the request body in place, so they are valid until the request ends: a sink
/// that keeps them past <see cref="AcceptAsync"/> keeps copies (<see cref="System.Text.Json.Nodes.JsonNode.DeepClone"/>).
/// </summary>
public interface ICaptureSink
{
    /// <summary>Stores the events of one request for <paramref name="projectId"/>.</summary>
    /// <exception cref="CaptureUnavailableException">The events cannot be made durable now; the SDK is told to retry (503).</exception>
    Task<CaptureResult> AcceptAsync(Guid projectId, IReadOnlyList<CapturedEvent> events, CancellationToken cancellationToken);
}
