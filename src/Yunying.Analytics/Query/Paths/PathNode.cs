namespace Yunying.Analytics.Query.Paths;

/// <summary>One step name at one step index of the paths, with what passed through it (over every path, not only the links answered).</summary>
public sealed record PathNode
{
    /// <summary>The step index, from 1.</summary>
    public required int Step { get; init; }

    /// <summary>The step's name: an event name, or a page name with <c>pageviewProperty</c>; <c>...</c> for collapsed steps.</summary>
    public required string Name { get; init; }

    /// <summary>True for the node that stands for the middle steps of a path between a start and an end point that is longer than the step limit.</summary>
    public bool Collapsed { get; init; }

    /// <summary>Paths through this node.</summary>
    public required long Paths { get; init; }

    /// <summary>Distinct persons with a path through this node.</summary>
    public required long Persons { get; init; }

    /// <summary>Paths whose session had no further step after this node.</summary>
    public required long DropOff { get; init; }

    /// <summary>Distinct persons with a path that ended its session at this node.</summary>
    public required long DropOffPersons { get; init; }
}
