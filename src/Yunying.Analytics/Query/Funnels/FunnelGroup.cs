namespace Yunying.Analytics.Query.Funnels;

/// <summary>The funnel of one breakdown bucket (or of everyone).</summary>
public sealed record FunnelGroup
{
    /// <summary>The breakdown bucket; absent without a breakdown.</summary>
    public BreakdownBucket? Breakdown { get; init; }

    /// <summary>One entry per step, in order.</summary>
    public required IReadOnlyList<FunnelStepResult> Steps { get; init; }

    /// <summary>The histogram asked for with <c>timeToConvert</c>.</summary>
    public FunnelHistogram? TimeToConvert { get; init; }

    /// <summary>The trend asked for with <c>trend</c>.</summary>
    public FunnelTrend? Trend { get; init; }
}
