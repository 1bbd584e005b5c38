namespace Yunying.Analytics.Capture;

/// <summary>
/// The sink registered until the event engine is wired in: it refuses every batch, so no SDK is told its
/// events were stored when they were not.
/// </summary>
internal sealed class StorageNotEnabledSink : ICaptureSink
{
    public Task<CaptureResult> AcceptAsync(Guid projectId, IReadOnlyList<CapturedEvent> events, CancellationToken cancellationToken) =>
        throw new CaptureUnavailableException("Event storage is not enabled yet on this server; events were not stored.");
}
