using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Yunying.Events;

namespace Yunying.Analytics.Transfer;

/// <summary>
/// Writes events as JSON Lines, one object per line:
/// <c>{"event","distinct_id","person_id","timestamp","uuid","properties"}</c>. <c>person_id</c> is the
/// person's stable id after identity resolution (the distinct id itself where no person is given). Timestamps are ISO 8601 UTC with microseconds, so a
/// file read back by <see cref="EventImporter"/> gives the same instants.
/// </summary>
public sealed class JsonlEventWriter(Stream output) : IAsyncDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private static readonly JsonEncodedText EventName = JsonEncodedText.Encode("event");
    private static readonly JsonEncodedText DistinctId = JsonEncodedText.Encode("distinct_id");
    private static readonly JsonEncodedText PersonId = JsonEncodedText.Encode("person_id");
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText Uuid = JsonEncodedText.Encode("uuid");
    private static readonly JsonEncodedText Properties = JsonEncodedText.Encode("properties");
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly BufferedStream _buffered = new(output, 1 << 16);
    private Utf8JsonWriter? _writer;

    public long Written { get; private set; }

    /// <summary>The timestamp text used in files: <c>2026-11-21T08:30:00.123456Z</c>.</summary>
    public static string FormatTimestamp(long micros) =>
        EventRecord.FromMicros(micros).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public void Write(EventRecord record) =>
        Write(record.Uuid, record.TimestampMicros, record.Event, record.DistinctId, record.PropertiesJson.Span);

    public void Write(ExportedEvent exported, string? personId = null) =>
        Write(exported.Uuid, exported.TimestampMicros, exported.Event, exported.DistinctId, System.Text.Encoding.UTF8.GetBytes(exported.PropertiesJson), personId);

    public void Write(Guid uuid, long timestampMicros, string eventName, string distinctId, ReadOnlySpan<byte> propertiesJson, string? personId = null)
    {
        var writer = _writer ??= new Utf8JsonWriter(_buffered, Options);
        writer.Reset(_buffered);
        writer.WriteStartObject();
        writer.WriteString(EventName, eventName);
        writer.WriteString(DistinctId, distinctId);
        writer.WriteString(PersonId, personId ?? distinctId);
        Span<char> time = stackalloc char[32];
        EventRecord.FromMicros(timestampMicros).UtcDateTime.TryFormat(time, out var length, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        writer.WriteString(Timestamp, time[..length]);
        writer.WriteString(Uuid, uuid);
        writer.WritePropertyName(Properties);
        if (propertiesJson.IsEmpty)
        {
            writer.WriteRawValue("{}"u8, skipInputValidation: true);
        }
        else
        {
            writer.WriteRawValue(propertiesJson, skipInputValidation: true);
        }

        writer.WriteEndObject();
        writer.Flush();
        _buffered.Write(NewLine);
        Written++;
    }

    public Task FlushAsync(CancellationToken cancellationToken) => _buffered.FlushAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }

        await _buffered.FlushAsync().ConfigureAwait(false);
    }
}
