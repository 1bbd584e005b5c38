namespace Yunying.Analytics.Capture;

/// <summary>What became of a capture request that was not refused as a whole.</summary>
internal sealed record CaptureOutcome(int Accepted, int Duplicates, IReadOnlyList<Rejection> Rejected);
