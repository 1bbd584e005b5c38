namespace Yunying.Analytics.Query.Overview;

/// <summary>
/// The AARRR overview: the period's figures, the previous period's, and the queries of the query model they
/// were read from (<c>trends</c>, <c>retention</c>, <c>acquisition</c>), so each figure can be asked again.
/// </summary>
public sealed record OverviewResult : AnalyticsResult
{
    public required OverviewSettings Settings { get; init; }

    public required OverviewPeriod Current { get; init; }

    public required OverviewPeriod Previous { get; init; }

    /// <summary>The day-by-day D1 and D7 of the current period's cohorts (new people by the day they were first seen).</summary>
    public required IReadOnlyList<OverviewRetentionPoint> RetentionTrend { get; init; }

    /// <summary>The sub-queries by name, as <c>POST /query</c> takes them.</summary>
    public required IReadOnlyDictionary<string, AnalyticsQuery> Queries { get; init; }
}
