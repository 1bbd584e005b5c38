using Yunying.Core.Results;

namespace Yunying.Analytics.Query.Lifecycle;

/// <summary>
/// Lifecycle: per interval, the persons who did the event split into new, returning and resurrecting, and
/// those who did it in the previous interval but not in this one (dormant), as PostHog defines them.
/// </summary>
public sealed record LifecycleQuery : AnalyticsQuery
{
    /// <summary>The event that counts as activity (filtered by the query's <c>properties</c>); absent for every event.</summary>
    public string? Event { get; init; }

    /// <summary><c>day</c> (default), <c>week</c> or <c>month</c>.</summary>
    public Interval Interval { get; init; } = Interval.Day;

    /// <summary>Also list the persons of one bar (a status in one interval).</summary>
    public LifecyclePeopleOptions? People { get; init; }

    internal override Result<AnalyticsResult> Run(QueryContext context) => LifecycleAnalysis.Run(this, context);
}
