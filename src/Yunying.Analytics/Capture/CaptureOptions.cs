namespace Yunying.Analytics.Capture;

/// <summary>Limits and clock rules of the capture endpoints.</summary>
public sealed class CaptureOptions
{
    /// <summary>Largest request body, compressed or not, and largest body after decompression (gzip bombs stop here). Larger → 413.</summary>
    public long MaxRequestBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Largest single event as JSON; a larger event is rejected and the rest of its batch kept.</summary>
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>An event further in the future than this (after skew correction) takes the receive time.</summary>
    public TimeSpan FutureTolerance { get; set; } = TimeSpan.FromHours(23);

    /// <summary>Longest distinct id accepted.</summary>
    public int MaxDistinctIdLength { get; set; } = 200;
}
