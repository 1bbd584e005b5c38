using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Yunying.Events;

namespace Yunying.Ingest.Bench;

/// <summary>
/// One pre-serialised PostHog <c>/batch/</c> request body: <c>{"api_key", "batch": [{event, distinct_id, uuid,
/// timestamp, properties}]}</c>, the shape posthog-node sends (uncompressed here). No <c>sent_at</c>, so the
/// server keeps each event's timestamp as sent and the stored rows equal the generated ones.
/// </summary>
internal sealed record PostHogBatch(byte[] Body, int Events)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Cuts <paramref name="events"/> into bodies of <paramref name="batchSize"/> events, on every core.</summary>
    public static PostHogBatch[] Build(string writeKey, IReadOnlyList<EventRecord> events, int batchSize)
    {
        var batches = new PostHogBatch[(events.Count + batchSize - 1) / batchSize];
        Parallel.For(0, batches.Length, () => new ArrayBufferWriter<byte>(batchSize * 400), (b, _, buffer) =>
        {
            buffer.ResetWrittenCount();
            var first = b * batchSize;
            var count = Math.Min(batchSize, events.Count - first);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("api_key", writeKey);
                writer.WriteStartArray("batch");
                for (var i = first; i < first + count; i++)
                {
                    var e = events[i];
                    writer.WriteStartObject();
                    writer.WriteString("event", e.Event);
                    writer.WriteString("distinct_id", e.DistinctId);
                    writer.WriteString("uuid", e.Uuid);
                    writer.WriteString("timestamp", EventRecord.FromMicros(e.TimestampMicros));
                    writer.WritePropertyName("properties");
                    writer.WriteRawValue(e.PropertiesJson.Span, skipInputValidation: true);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            batches[b] = new PostHogBatch(buffer.WrittenSpan.ToArray(), count);
            return buffer;
        }, _ => { });
        return batches;
    }
}
