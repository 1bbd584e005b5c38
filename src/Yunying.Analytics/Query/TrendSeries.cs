namespace Yunying.Analytics.Query;

/// <summary>One series of a trends query.</summary>
public sealed record TrendSeries
{
    /// <summary>The event name; absent for every event.</summary>
    public string? Event { get; init; }

    /// <summary>
    /// What to compute per interval: <c>total</c> (events, the default), <c>dau</c> (also <c>unique</c>: unique
    /// persons), <c>weekly_active</c> and <c>monthly_active</c> (persons active in the 7 or 30 days ending
    /// that day; daily interval), <c>avg_count_per_actor</c> (also <c>per_person_average</c>: events per person),
    /// or <c>sum</c>, <c>avg</c>, <c>min</c>, <c>max</c>, <c>median</c>, <c>p90</c> of <see cref="MathProperty"/>.
    /// </summary>
    public string? Math { get; init; }

    /// <summary>The numeric event property the property maths aggregate.</summary>
    public string? MathProperty { get; init; }

    /// <summary>Filters for this series only (on top of the query's).</summary>
    public IReadOnlyList<PropertyFilter>? Properties { get; init; }

    /// <summary>A display name; default the event name.</summary>
    public string? Name { get; init; }
}
