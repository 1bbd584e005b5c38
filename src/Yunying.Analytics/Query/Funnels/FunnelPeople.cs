namespace Yunying.Analytics.Query.Funnels;

/// <summary>One page of the persons who reached (or dropped off at) a step, ordered by person id.</summary>
public sealed record FunnelPeople
{
    public required int Step { get; init; }

    public required bool Dropped { get; init; }

    /// <summary>The breakdown bucket the list is limited to, if any.</summary>
    public BreakdownBucket? Breakdown { get; init; }

    /// <summary>How many persons match, over every page.</summary>
    public required long Total { get; init; }

    public required int Offset { get; init; }

    /// <summary>The persons' ids (what exports call <c>person_id</c>).</summary>
    public required IReadOnlyList<Guid> PersonIds { get; init; }
}
