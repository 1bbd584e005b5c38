namespace Yunying.Analytics.Query.Retention;

/// <summary>One page of the persons of one retention cell (a cohort's persons who came back in one period), ordered by person id.</summary>
public sealed record RetentionPeople
{
    public required string Cohort { get; init; }

    public required int Period { get; init; }

    /// <summary>The breakdown bucket the cell belongs to, if any.</summary>
    public BreakdownBucket? Breakdown { get; init; }

    /// <summary>How many persons the cell holds, over every page (the cell's value).</summary>
    public required long Total { get; init; }

    public required int Offset { get; init; }

    /// <summary>The persons' ids (what exports call <c>person_id</c>).</summary>
    public required IReadOnlyList<Guid> PersonIds { get; init; }
}
