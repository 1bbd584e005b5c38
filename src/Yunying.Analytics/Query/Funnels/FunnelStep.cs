namespace Yunying.Analytics.Query.Funnels;

/// <summary>One step of a funnel: an event (or any event) with its own filters.</summary>
public sealed record FunnelStep
{
    /// <summary>The event name; absent for any event.</summary>
    public string? Event { get; init; }

    /// <summary>Filters for this step only (on top of the query's).</summary>
    public IReadOnlyList<PropertyFilter>? Properties { get; init; }

    /// <summary>A display name; default the event name.</summary>
    public string? Name { get; init; }
}
