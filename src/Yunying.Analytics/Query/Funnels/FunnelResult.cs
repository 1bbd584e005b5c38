namespace Yunying.Analytics.Query.Funnels;

/// <summary>The answer to a <see cref="FunnelQuery"/>.</summary>
public sealed record FunnelResult : AnalyticsResult
{
    public required FunnelOrder Order { get; init; }

    /// <summary>The conversion window used.</summary>
    public required FunnelWindow Window { get; init; }

    /// <summary>One group without a breakdown; with one, a group per breakdown bucket (top values, then "(none)" and "(other)" when used).</summary>
    public required IReadOnlyList<FunnelGroup> Groups { get; init; }

    /// <summary>The persons asked for with <c>people</c>.</summary>
    public FunnelPeople? People { get; init; }
}
