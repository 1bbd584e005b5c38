namespace Yunying.Analytics.Capture;

/// <summary>PostHog SDKs read <c>{"status": 1}</c>; the counts are extra.</summary>
public sealed record PostHogCaptureResponse(int Status, int Accepted, int Duplicates, IReadOnlyList<Rejection> Rejected);
