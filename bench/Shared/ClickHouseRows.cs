using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Yunying.Events;

namespace Yunying.Bench.Shared;

/// <summary>The demo events as ClickHouse <c>JSONEachRow</c> lines, for the two table shapes the comparison tries.</summary>
internal static class ClickHouseRows
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    // The demo's common properties and the typed columns they go to; everything else stays JSON text in 'properties'.
    private static readonly (string Property, JsonEncodedText Column, ColumnKind Kind)[] Typed =
    [
        ("utm_source", JsonEncodedText.Encode("utm_source"), ColumnKind.Text),
        ("platform", JsonEncodedText.Encode("platform"), ColumnKind.Text),
        ("city", JsonEncodedText.Encode("city"), ColumnKind.Text),
        ("app_version", JsonEncodedText.Encode("app_version"), ColumnKind.Text),
        ("$pathname", JsonEncodedText.Encode("pathname"), ColumnKind.Text),
        ("amount", JsonEncodedText.Encode("amount"), ColumnKind.Float),
        ("product_id", JsonEncodedText.Encode("product_id"), ColumnKind.Text),
        ("currency", JsonEncodedText.Encode("currency"), ColumnKind.Text),
        ("streak", JsonEncodedText.Encode("streak"), ColumnKind.UInt),
    ];

    private static readonly byte[][] TypedNames = [.. Typed.Select(t => System.Text.Encoding.UTF8.GetBytes(t.Property))];

    private enum ColumnKind
    {
        Text,
        Float,
        UInt,
    }

    /// <summary>Column list of the typed tables.</summary>
    public const string TypedColumns = """
        uuid UUID, event LowCardinality(String), distinct_id String, timestamp_us UInt64,
        utm_source LowCardinality(String), platform LowCardinality(String), city LowCardinality(String),
        app_version LowCardinality(String), pathname LowCardinality(String), amount Float64,
        product_id LowCardinality(String), currency LowCardinality(String), streak UInt32, properties String
        """;

    /// <summary>Column list of the table that keeps all properties as JSON text.</summary>
    public const string JsonColumns = "uuid UUID, event String, distinct_id String, timestamp_us UInt64, properties String";

    /// <summary>One line per event: the engine's five fields, properties as JSON text.</summary>
    public static byte[] JsonLines(IReadOnlyList<EventRecord> events)
    {
        var buffer = new ArrayBufferWriter<byte>(events.Count * 300);
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        foreach (var e in events)
        {
            writer.Reset(buffer);
            WriteCommon(writer, e);
            writer.WriteString("properties", e.PropertiesJson.Span);
            writer.WriteEndObject();
            writer.Flush();
            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One line per event with the common demo properties in typed columns and the rest as JSON text ('' when none).</summary>
    public static byte[] TypedLines(IReadOnlyList<EventRecord> events) => TypedLines(events, null);

    /// <summary>As <see cref="TypedLines(IReadOnlyList{EventRecord})"/>, with <paramref name="extra"/> writing more fields after the common ones.</summary>
    public static byte[] TypedLines(IReadOnlyList<EventRecord> events, Action<Utf8JsonWriter, EventRecord>? extra)
    {
        var buffer = new ArrayBufferWriter<byte>(events.Count * 300);
        var rest = new ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        using var restWriter = new Utf8JsonWriter(rest, WriterOptions);
        foreach (var e in events)
        {
            writer.Reset(buffer);
            rest.ResetWrittenCount();
            restWriter.Reset(rest);
            WriteCommon(writer, e);
            extra?.Invoke(writer, e);
            var properties = e.PropertiesJson.Span;
            var reader = new Utf8JsonReader(properties);
            var anyRest = false;
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var column = TypedColumn(ref reader);
                    var name = column < 0 ? reader.GetString()! : null;
                    reader.Read();
                    if (column >= 0 && TryWriteTyped(writer, Typed[column], ref reader))
                    {
                        continue;
                    }

                    if (!anyRest)
                    {
                        restWriter.WriteStartObject();
                        anyRest = true;
                    }

                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    restWriter.WritePropertyName(name ?? Typed[column].Property);
                    restWriter.WriteRawValue(properties[start..(int)reader.BytesConsumed], skipInputValidation: true);
                }
            }

            if (anyRest)
            {
                restWriter.WriteEndObject();
                restWriter.Flush();
            }

            writer.WriteString("properties", rest.WrittenSpan);
            writer.WriteEndObject();
            writer.Flush();
            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static int TypedColumn(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < TypedNames.Length; i++)
        {
            if (reader.ValueTextEquals(TypedNames[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryWriteTyped(Utf8JsonWriter writer, (string Property, JsonEncodedText Column, ColumnKind Kind) column, ref Utf8JsonReader reader)
    {
        switch (column.Kind)
        {
            case ColumnKind.Text when reader.TokenType == JsonTokenType.String:
                if (reader.ValueIsEscaped)
                {
                    writer.WriteString(column.Column, reader.GetString());
                }
                else
                {
                    writer.WriteString(column.Column, reader.ValueSpan);
                }

                return true;
            case ColumnKind.Float when reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number):
                writer.WriteNumber(column.Column, number);
                return true;
            case ColumnKind.UInt when reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out var whole):
                writer.WriteNumber(column.Column, whole);
                return true;
            default:
                return false;
        }
    }

    private static void WriteCommon(Utf8JsonWriter writer, EventRecord e)
    {
        writer.WriteStartObject();
        writer.WriteString("uuid", e.Uuid);
        writer.WriteString("event", e.Event);
        writer.WriteString("distinct_id", e.DistinctId);
        writer.WriteNumber("timestamp_us", e.TimestampMicros);
    }
}
