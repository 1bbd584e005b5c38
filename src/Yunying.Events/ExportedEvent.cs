namespace Yunying.Events;

/// <summary>One stored event in row form, as produced by <see cref="EventStore.ReadAllAsync"/>.</summary>
/// <param name="Uuid">The event's unique id.</param>
/// <param name="TimestampMicros">UTC microseconds since the Unix epoch.</param>
/// <param name="Event">The event name.</param>
/// <param name="DistinctId">The distinct id.</param>
/// <param name="PropertiesJson">
/// The properties as a JSON object. Keys come out in the project's key-id order rather than the original
/// order; numbers are doubles (integers beyond 2^53 lose precision); nested arrays and objects come back
/// as the JSON text that was received.
/// </param>
public sealed record ExportedEvent(Guid Uuid, long TimestampMicros, string Event, string DistinctId, string PropertiesJson);
