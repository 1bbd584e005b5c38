namespace Yunying.Analytics.Query.Lifecycle;

/// <summary>The answer to a <see cref="LifecycleQuery"/>: one line per status over the same intervals.</summary>
public sealed record LifecycleResult : AnalyticsResult
{
    public required Interval Interval { get; init; }

    /// <summary>Local label of each interval (<c>2026-11-02</c>: a day, a week by its Monday, a month by its 1st).</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Local start of each interval, with its offset.</summary>
    public required IReadOnlyList<DateTimeOffset> Starts { get; init; }

    /// <summary><c>new</c>, <c>returning</c>, <c>resurrecting</c> and <c>dormant</c>, in this order.</summary>
    public required IReadOnlyList<LifecycleLine> Lines { get; init; }

    /// <summary>The persons of one bar, when the query asked for them.</summary>
    public LifecyclePeople? People { get; init; }
}
