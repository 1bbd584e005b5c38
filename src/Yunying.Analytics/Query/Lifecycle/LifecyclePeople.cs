namespace Yunying.Analytics.Query.Lifecycle;

/// <summary>One page of the persons of one lifecycle bar (one status in one interval), ordered by person id.</summary>
public sealed record LifecyclePeople
{
    public required string Date { get; init; }

    public required string Status { get; init; }

    /// <summary>How many persons the bar holds, over every page (the bar's value; for <c>dormant</c>, its size, not negated).</summary>
    public required long Total { get; init; }

    public required int Offset { get; init; }

    /// <summary>The persons' ids (what exports call <c>person_id</c>).</summary>
    public required IReadOnlyList<Guid> PersonIds { get; init; }
}
