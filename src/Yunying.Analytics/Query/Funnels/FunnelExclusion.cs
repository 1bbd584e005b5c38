namespace Yunying.Analytics.Query.Funnels;

/// <summary>
/// An exclusion step: an attempt in which this event happens after its step <see cref="FromStep"/> and
/// before its step <see cref="ToStep"/> (or, when it never got there, before its window ends) does not count.
/// </summary>
public sealed record FunnelExclusion
{
    /// <summary>The event name; absent for any event.</summary>
    public string? Event { get; init; }

    /// <summary>Filters the excluded event must pass (on top of the query's).</summary>
    public IReadOnlyList<PropertyFilter>? Properties { get; init; }

    /// <summary>The step (0-based) after which the event disqualifies; default 0.</summary>
    public int FromStep { get; init; }

    /// <summary>The step (0-based) before which it disqualifies; default the last step.</summary>
    public int? ToStep { get; init; }
}
