namespace Yunying.Analytics.Query;

/// <summary>
/// Trends (事件分析): one or more series over time, each an event (or every event) with its own filters and
/// a math; optionally a formula over the series, a breakdown and the previous period for comparison.
/// </summary>
public sealed record TrendsQuery : AnalyticsQuery
{
    /// <summary>The series, referred to in <see cref="Formula"/> as A, B, C… in this order (at most 26).</summary>
    public IReadOnlyList<TrendSeries> Series { get; init; } = [];

    /// <summary>Bucket width; default <c>day</c>.</summary>
    public Interval Interval { get; init; } = Interval.Day;

    /// <summary>Split every series by the values of one property.</summary>
    public Breakdown? Breakdown { get; init; }

    /// <summary>Also answer the previous period of the same length (as many intervals, just before).</summary>
    public bool Compare { get; init; }

    /// <summary>
    /// An arithmetic formula over the series letters, e.g. <c>B/A</c>, <c>(A+B)*100</c>; when given, the answer
    /// holds the formula's result instead of the series. Division by zero gives 0.
    /// </summary>
    public string? Formula { get; init; }

    /// <summary>Also list the persons counted in one point of one series.</summary>
    public TrendsPeopleOptions? People { get; init; }

    internal override Core.Results.Result<AnalyticsResult> Run(QueryContext context) => TrendsAnalysis.Run(this, context);
}
