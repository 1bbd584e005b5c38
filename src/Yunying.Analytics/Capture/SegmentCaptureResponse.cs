namespace Yunying.Analytics.Capture;

/// <summary>Segment's API answers <c>{"success": true}</c>; the counts are extra.</summary>
public sealed record SegmentCaptureResponse(bool Success, int Accepted, int Duplicates, IReadOnlyList<Rejection> Rejected);
