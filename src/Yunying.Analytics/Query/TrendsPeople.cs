namespace Yunying.Analytics.Query;

/// <summary>One page of the persons counted in one point of a trends line, ordered by person id.</summary>
public sealed record TrendsPeople
{
    public required int Series { get; init; }

    public required string Date { get; init; }

    /// <summary>The breakdown bucket the list is limited to, if any.</summary>
    public BreakdownBucket? Breakdown { get; init; }

    /// <summary><c>previous</c> when the point is of the compared period.</summary>
    public string? Compare { get; init; }

    /// <summary>How many persons match, over every page (for <c>dau</c> and the rolling counts, the point's value).</summary>
    public required long Total { get; init; }

    public required int Offset { get; init; }

    /// <summary>The persons' ids (what exports call <c>person_id</c>).</summary>
    public required IReadOnlyList<Guid> PersonIds { get; init; }
}
