namespace Yunying.Analytics.Capture;

/// <summary>A batch for <c>POST /api/capture</c>.</summary>
public sealed record NativeCaptureRequest
{
    /// <summary>The project's public write key (or send it as the HTTP Basic user name).</summary>
    public string? WriteKey { get; init; }

    /// <summary>When the client sent the batch, by its own clock; with event timestamps it corrects clock skew.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>The events; together at most the request size limit (20 MB after decompression).</summary>
    public required IReadOnlyList<NativeCaptureEvent> Events { get; init; }
}
