namespace Yunying.Analytics.Schema;

/// <summary>One event name as seen in a project: how many events carry it and when the first and last happened.</summary>
/// <param name="Name">The event name, as sent.</param>
/// <param name="Count">Events with this name.</param>
/// <param name="FirstSeen">Earliest event timestamp (UTC).</param>
/// <param name="LastSeen">Latest event timestamp (UTC).</param>
public sealed record EventSchema(string Name, long Count, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);
