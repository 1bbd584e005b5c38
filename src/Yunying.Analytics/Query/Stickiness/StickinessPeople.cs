namespace Yunying.Analytics.Query.Stickiness;

/// <summary>One page of the persons of one stickiness bar, ordered by person id.</summary>
public sealed record StickinessPeople
{
    public required int Bucket { get; init; }

    /// <summary>How many persons the bar holds, over every page (the bar's value).</summary>
    public required long Total { get; init; }

    public required int Offset { get; init; }

    /// <summary>The persons' ids (what exports call <c>person_id</c>).</summary>
    public required IReadOnlyList<Guid> PersonIds { get; init; }
}
