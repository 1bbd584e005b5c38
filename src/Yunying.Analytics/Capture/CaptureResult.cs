namespace Yunying.Analytics.Capture;

/// <summary>What the sink did with a batch: events newly stored, and events it already had (same uuid).</summary>
public sealed record CaptureResult(int Accepted, int Duplicates);
