namespace Yunying.Analytics.Query.Paths;

/// <summary>A transition from one node to a node of the next step.</summary>
public sealed record PathLink
{
    /// <summary>Index of the source node in <c>nodes</c>.</summary>
    public required int Source { get; init; }

    /// <summary>Index of the target node in <c>nodes</c>.</summary>
    public required int Target { get; init; }

    /// <summary>Paths that took this transition (a person who took it in three sessions counts three times, as in PostHog).</summary>
    public required long Value { get; init; }

    /// <summary>Distinct persons who took this transition.</summary>
    public required long Persons { get; init; }

    /// <summary>Mean seconds from the source step to the target step.</summary>
    public required double AverageSeconds { get; init; }
}
