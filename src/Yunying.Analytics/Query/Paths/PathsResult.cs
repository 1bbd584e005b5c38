namespace Yunying.Analytics.Query.Paths;

/// <summary>The answer to a <see cref="PathsQuery"/>: the nodes and links of the heaviest transitions.</summary>
public sealed record PathsResult : AnalyticsResult
{
    public required int StepLimit { get; init; }

    public string? StartPoint { get; init; }

    public string? EndPoint { get; init; }

    public required int SessionGapMinutes { get; init; }

    /// <summary>Paths counted: one per session that has the start and end points asked for.</summary>
    public required long Paths { get; init; }

    /// <summary>Distinct persons with at least one path.</summary>
    public required long Persons { get; init; }

    /// <summary>Every node a link touches, by step, then most paths first, then name.</summary>
    public required IReadOnlyList<PathNode> Nodes { get; init; }

    /// <summary>The heaviest links (most paths first), each from a node at step k to one at step k+1.</summary>
    public required IReadOnlyList<PathLink> Links { get; init; }
}
