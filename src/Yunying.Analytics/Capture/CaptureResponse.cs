namespace Yunying.Analytics.Capture;

/// <summary>The answer of <c>POST /api/capture</c> (and of the Sensors endpoint).</summary>
/// <param name="Accepted">Events stored by this request.</param>
/// <param name="Duplicates">Events the server already had (same uuid); they count as delivered.</param>
/// <param name="Rejected">Events not stored, by position, with the reason.</param>
public sealed record CaptureResponse(int Accepted, int Duplicates, IReadOnlyList<Rejection> Rejected);
