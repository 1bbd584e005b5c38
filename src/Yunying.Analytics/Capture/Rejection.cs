namespace Yunying.Analytics.Capture;

/// <summary>One event of a request that was not accepted, by its position in the request.</summary>
/// <param name="Index">Zero-based position of the event in the request.</param>
/// <param name="Reason">Why it was rejected.</param>
public sealed record Rejection(int Index, string Reason);
