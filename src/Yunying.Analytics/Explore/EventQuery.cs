namespace Yunying.Analytics.Explore;

/// <summary>Which events to list, newest first.</summary>
/// <param name="Event">Only events with this name.</param>
/// <param name="DistinctId">Only events of this distinct id.</param>
/// <param name="PropertyKey">Only events carrying this property key…</param>
/// <param name="PropertyValue">…with this value (string equality, or the number / boolean it spells); any value when null.</param>
/// <param name="Before">Only events older than this position (the next page).</param>
/// <param name="After">Only events newer than this position (the live tail).</param>
/// <param name="Limit">At most this many events.</param>
/// <param name="DistinctIds">Only events of any of these distinct ids (a person's timeline).</param>
public sealed record EventQuery(
    string? Event = null,
    string? DistinctId = null,
    string? PropertyKey = null,
    string? PropertyValue = null,
    EventCursor? Before = null,
    EventCursor? After = null,
    int Limit = EventQuery.DefaultLimit,
    IReadOnlyCollection<string>? DistinctIds = null)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}
