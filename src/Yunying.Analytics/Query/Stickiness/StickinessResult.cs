namespace Yunying.Analytics.Query.Stickiness;

/// <summary>The answer to a <see cref="StickinessQuery"/>.</summary>
public sealed record StickinessResult : AnalyticsResult
{
    public required Interval Interval { get; init; }

    public required bool Cumulative { get; init; }

    /// <summary>The number of active intervals each value is for: 1, 2, … the intervals in the range.</summary>
    public required IReadOnlyList<int> ActiveIntervals { get; init; }

    /// <summary>Persons active in exactly (or, cumulative, at least) that many intervals.</summary>
    public required IReadOnlyList<long> Persons { get; init; }

    /// <summary>Persons active in at least one interval.</summary>
    public required long Total { get; init; }

    /// <summary>The persons of one bar, when the query asked for them.</summary>
    public StickinessPeople? People { get; init; }
}
