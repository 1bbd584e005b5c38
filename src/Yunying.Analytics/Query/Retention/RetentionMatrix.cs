namespace Yunying.Analytics.Query.Retention;

/// <summary>The cohorts of one breakdown bucket and their weighted mean.</summary>
public sealed record RetentionMatrix
{
    /// <summary>The breakdown bucket; absent without a breakdown.</summary>
    public BreakdownBucket? Breakdown { get; init; }

    /// <summary>One row per cohort interval of the date range, oldest first.</summary>
    public required IReadOnlyList<RetentionCohort> Cohorts { get; init; }

    /// <summary>
    /// Per period 0 … N, retained persons summed over the cohorts that have completed that period, divided by
    /// the sum of those cohorts' sizes.
    /// </summary>
    public required IReadOnlyList<RetentionMean> Mean { get; init; }
}
