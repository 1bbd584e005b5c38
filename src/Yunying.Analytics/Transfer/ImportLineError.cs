namespace Yunying.Analytics.Transfer;

/// <summary>A line (or CSV record starting on that line) that was skipped, and why.</summary>
public sealed record ImportLineError(long Line, string Reason);
