namespace Yunying.Analytics.Query;

/// <summary>The answer to a <see cref="TrendsQuery"/>.</summary>
public sealed record TrendsResult : AnalyticsResult
{
    public required Interval Interval { get; init; }

    /// <summary>
    /// One line per series (or formula) and breakdown bucket, then, with <c>compare</c>, the same lines for the
    /// previous period.
    /// </summary>
    public required IReadOnlyList<TrendLine> Lines { get; init; }

    /// <summary>The persons of one point, when the query asked for them.</summary>
    public TrendsPeople? People { get; init; }
}
