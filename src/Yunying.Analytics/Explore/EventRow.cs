using System.Text.Json;

namespace Yunying.Analytics.Explore;

/// <summary>One stored event as the events API returns it.</summary>
/// <param name="Timestamp">When it happened (UTC).</param>
/// <param name="TimestampMicros">The same instant in UTC microseconds since the Unix epoch.</param>
/// <param name="Uuid">The event's uuid.</param>
/// <param name="Event">The event name.</param>
/// <param name="DistinctId">The distinct id it was sent with.</param>
/// <param name="Properties">Its properties, as a JSON object (reserved ones such as <c>$set</c> included).</param>
/// <param name="Cursor">Its position, for <c>before</c> / <c>after</c>.</param>
public sealed record EventRow(DateTimeOffset Timestamp, long TimestampMicros, Guid Uuid, string Event, string DistinctId, JsonElement Properties, string Cursor);
