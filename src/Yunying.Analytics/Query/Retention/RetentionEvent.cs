namespace Yunying.Analytics.Query.Retention;

/// <summary>The start or return event of a retention query: an event (or every event) and its own filters.</summary>
public sealed record RetentionEvent
{
    /// <summary>The event name; absent for every event.</summary>
    public string? Event { get; init; }

    /// <summary>Filters for this event only (on top of the query's).</summary>
    public IReadOnlyList<PropertyFilter>? Properties { get; init; }
}
