namespace Yunying.Analytics.Capture;

/// <summary>
/// Thrown by an <see cref="ICaptureSink"/> that cannot store events right now (storage off, disk full).
/// Capture answers 503 with this message, which SDKs treat as "retry later"; nothing is acknowledged.
/// </summary>
public sealed class CaptureUnavailableException(string message) : Exception(message);
