namespace Yunying.Events;

/// <summary>
/// One incoming event, already validated and normalised by the capture layer.
/// </summary>
/// <remarks>
/// <para><see cref="TimestampMicros"/> is UTC microseconds since the Unix epoch (1970-01-01T00:00:00Z).
/// Microseconds match PostHog's and ClickHouse's <c>DateTime64(6)</c> resolution and a <see cref="long"/>
/// covers ±292,000 years, so nothing is lost in either direction. Use <see cref="ToMicros(DateTimeOffset)"/>.</para>
/// <para><see cref="PropertiesJson"/> is the UTF-8 JSON text of the properties object, exactly as the
/// capture layer received it (for example <c>JsonMarshal.GetRawUtf8Value(element)</c> or a slice of
/// the request body). Passing raw UTF-8 rather than a list of typed pairs means the capture layer
/// allocates nothing per property, the write-ahead log stores the bytes verbatim (no re-serialisation
/// on the durable path), and the engine parses each object exactly once with <c>Utf8JsonReader</c>
/// while it dictionary-encodes the values. Empty means <c>{}</c>.</para>
/// </remarks>
/// <param name="Uuid">The event's unique id (used for de-duplication).</param>
/// <param name="TimestampMicros">UTC microseconds since the Unix epoch.</param>
/// <param name="Event">The event name, e.g. <c>$pageview</c>.</param>
/// <param name="DistinctId">The sender's distinct id.</param>
/// <param name="PropertiesJson">UTF-8 JSON object text; values may be strings, numbers, booleans, null, arrays or objects.</param>
public readonly record struct EventRecord(
    Guid Uuid,
    long TimestampMicros,
    string Event,
    string DistinctId,
    ReadOnlyMemory<byte> PropertiesJson)
{
    /// <summary>Converts a point in time to the engine's timestamp unit (UTC microseconds since the Unix epoch).</summary>
    public static long ToMicros(DateTimeOffset time) => (time.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>Converts an engine timestamp back to a <see cref="DateTimeOffset"/> in UTC.</summary>
    public static DateTimeOffset FromMicros(long micros) => new(DateTime.UnixEpoch.Ticks + (micros * 10), TimeSpan.Zero);
}
