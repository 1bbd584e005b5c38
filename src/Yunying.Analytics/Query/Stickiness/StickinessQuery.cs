using Yunying.Core.Results;

namespace Yunying.Analytics.Query.Stickiness;

/// <summary>
/// Stickiness (粘性): how many persons did the event in exactly 1, 2, … N of the range's intervals (or, with
/// <c>cumulative</c>, in at least that many).
/// </summary>
public sealed record StickinessQuery : AnalyticsQuery
{
    /// <summary>The event that counts as activity (filtered by the query's <c>properties</c>); absent for every event.</summary>
    public string? Event { get; init; }

    /// <summary><c>day</c> (default), <c>week</c> or <c>month</c>.</summary>
    public Interval Interval { get; init; } = Interval.Day;

    /// <summary>Count persons active in at least N intervals instead of exactly N.</summary>
    public bool Cumulative { get; init; }

    /// <summary>Also list the persons of one bar (a number of active intervals).</summary>
    public StickinessPeopleOptions? People { get; init; }

    internal override Result<AnalyticsResult> Run(QueryContext context) => StickinessAnalysis.Run(this, context);
}
