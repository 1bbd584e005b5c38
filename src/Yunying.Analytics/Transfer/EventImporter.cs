using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Yunying.Analytics.Capture;
using Yunying.Analytics.Storage;
using Yunying.Events;

namespace Yunying.Analytics.Transfer;

/// <summary>
/// Streams a file of events in one of the <see cref="ImportFormat"/>s into batches for the store. A line that
/// cannot be read is reported with its line number and skipped; every other line is kept. PostHog and
/// Sensors lines go through the same decoders and rules as live capture, so an imported event is stored
/// exactly as if the SDK had sent it.
/// </summary>
public sealed class EventImporter(ImportFormat format, TimeProvider clock, int batchSize = 20_000)
{
    private static readonly HashSet<string> CsvColumns = ["event", "distinct_id", "timestamp", "uuid", "properties", "person_id"];
    private readonly CaptureOptions _options = new();

    /// <summary>
    /// Reads <paramref name="input"/> to the end, handing full batches to <paramref name="sink"/> (in file order),
    /// each skipped line to <paramref name="skipped"/>, and the bytes read so far to <paramref name="progress"/>
    /// when the stream can tell its position.
    /// </summary>
    public async Task<ImportResult> ImportAsync(
        Stream input,
        Func<IReadOnlyList<EventRecord>, CancellationToken, Task> sink,
        Action<ImportLineError> skipped,
        IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(skipped);
        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var batch = new List<EventRecord>(batchSize);
        long lines = 0;
        long events = 0;
        long skippedLines = 0;

        async Task FlushAsync()
        {
            if (batch.Count > 0)
            {
                await sink(batch, cancellationToken).ConfigureAwait(false);
                events += batch.Count;
                batch = new List<EventRecord>(batchSize);
                if (input.CanSeek)
                {
                    progress?.Report(input.Position);
                }
            }
        }

        void Skip(long line, string reason)
        {
            skippedLines++;
            skipped(new ImportLineError(line, reason));
        }

        if (format == ImportFormat.Csv)
        {
            var csv = new CsvRecordReader(reader);
            List<string>? header = null;
            while (true)
            {
                var (fields, line, error) = await csv.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (fields is null)
                {
                    break;
                }

                if (header is null)
                {
                    header = [.. fields.Select(f => f.Trim())];
                    if (!header.Contains("event") || !header.Contains("distinct_id") || !header.Contains("timestamp"))
                    {
                        throw new InvalidDataException("The CSV header must name the columns event, distinct_id and timestamp.");
                    }

                    continue;
                }

                if (fields is [""])
                {
                    continue;
                }

                lines++;
                if ((error ?? FromCsv(header, fields, line, batch)) is { } problem)
                {
                    Skip(line, problem);
                }

                if (batch.Count >= batchSize)
                {
                    await FlushAsync().ConfigureAwait(false);
                }
            }
        }
        else
        {
            long lineNumber = 0;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                lines++;
                var problem = format switch
                {
                    ImportFormat.Jsonl => FromJsonl(text, lineNumber, batch),
                    ImportFormat.PostHog => FromCapture(text, lineNumber, PostHogDecoder.Decode, CaptureSource.PostHog, batch),
                    ImportFormat.Sensors => FromCapture(text, lineNumber, SensorsDecoder.Decode, CaptureSource.Sensors, batch),
                    _ => throw new ArgumentOutOfRangeException(nameof(format)),
                };
                if (problem is not null)
                {
                    Skip(lineNumber, problem);
                }

                if (batch.Count >= batchSize)
                {
                    await FlushAsync().ConfigureAwait(false);
                }
            }
        }

        await FlushAsync().ConfigureAwait(false);
        if (input.CanSeek)
        {
            progress?.Report(input.Position);
        }

        return new ImportResult(lines, events, skippedLines);
    }

    private static string? FromJsonl(string text, long line, List<EventRecord> batch)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            return $"not valid JSON ({e.Message})";
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "not a JSON object";
            }

            var name = root.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var distinctId = root.TryGetProperty("distinct_id", out var d) ? Text(d) : null;
            var timestamp = root.TryGetProperty("timestamp", out var t) ? Time(t) : null;
            byte[] properties = [];
            if (root.TryGetProperty("properties", out var p) && p.ValueKind != JsonValueKind.Null)
            {
                if (p.ValueKind != JsonValueKind.Object)
                {
                    return "properties is not a JSON object";
                }

                properties = Encoding.UTF8.GetBytes(p.GetRawText());
            }

            Guid? uuid = null;
            if (root.TryGetProperty("uuid", out var u) && u.ValueKind != JsonValueKind.Null)
            {
                if (u.ValueKind != JsonValueKind.String || !Guid.TryParse(u.GetString(), out var parsed))
                {
                    return "uuid is not a UUID";
                }

                uuid = parsed;
            }

            return Add(name, distinctId, timestamp, uuid ?? DeterministicGuid.From($"import:{line}:{text}"), properties, batch);
        }
    }

    private static string? FromCsv(List<string> header, List<string> fields, long line, List<EventRecord> batch)
    {
        if (fields.Count != header.Count)
        {
            return $"has {fields.Count} fields; the header has {header.Count}";
        }

        string? name = null, distinctId = null, timestampText = null, uuidText = null, propertiesText = null;
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < header.Count; i++)
            {
                var value = fields[i];
                switch (header[i])
                {
                    case "event": name = value; break;
                    case "distinct_id": distinctId = value; break;
                    case "timestamp": timestampText = value; break;
                    case "uuid": uuidText = value; break;
                    case "properties": propertiesText = value; break;
                    case "person_id": break;
                    default:
                        if (value.Length > 0 && !CsvColumns.Contains(header[i]))
                        {
                            WriteInferred(writer, header[i], value);
                        }

                        break;
                }
            }

            if (!string.IsNullOrWhiteSpace(propertiesText))
            {
                try
                {
                    using var properties = JsonDocument.Parse(propertiesText);
                    if (properties.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        return "properties is not a JSON object";
                    }

                    foreach (var property in properties.RootElement.EnumerateObject())
                    {
                        property.WriteTo(writer);
                    }
                }
                catch (JsonException e)
                {
                    return $"properties is not valid JSON ({e.Message})";
                }
            }

            writer.WriteEndObject();
        }

        Guid uuid;
        if (string.IsNullOrWhiteSpace(uuidText))
        {
            uuid = DeterministicGuid.From($"import:{name}\u0001{distinctId}\u0001{timestampText}\u0001{propertiesText}\u0001{line}");
        }
        else if (!Guid.TryParse(uuidText, out uuid))
        {
            return "uuid is not a UUID";
        }

        return Add(name, distinctId, ParseTime(timestampText), uuid, buffer.ToArray(), batch);
    }

    private static void WriteInferred(Utf8JsonWriter writer, string key, string value)
    {
        if (value is "true" or "false")
        {
            writer.WriteBoolean(key, value == "true");
        }
        else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            && !(value.Length > 1 && value[0] == '0' && value[1] != '.'))
        {
            // Leading zeros (phone numbers, codes) stay text.
            writer.WriteNumber(key, number);
        }
        else
        {
            writer.WriteString(key, value);
        }
    }

    private static string? Add(string? name, string? distinctId, DateTimeOffset? timestamp, Guid uuid, byte[] properties, List<EventRecord> batch)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "event is missing";
        }

        if (string.IsNullOrWhiteSpace(distinctId))
        {
            return "distinct_id is missing";
        }

        if (timestamp is null)
        {
            return "timestamp is missing or not an ISO 8601 time";
        }

        batch.Add(new EventRecord(uuid, EventRecord.ToMicros(timestamp.Value), name, distinctId, properties));
        return null;
    }

    private string? FromCapture(string text, long line, CaptureDecoder decode, CaptureSource source, List<EventRecord> batch)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = "application/json";
        var (decoded, failure) = decode(context.Request, Encoding.UTF8.GetBytes(text), _options);
        if (failure is not null || decoded is null)
        {
            return failure?.Detail ?? "not readable";
        }

        if (decoded.Drafts.Count == 0)
        {
            return "no events";
        }

        var receivedAt = clock.GetUtcNow();
        var problems = new List<string>();
        for (var i = 0; i < decoded.Drafts.Count; i++)
        {
            var draft = decoded.Drafts[i];
            if (draft.Uuid is null && draft.UuidSeed is null)
            {
                // Live capture would make a new id; a file imported twice should give the same ids, so duplicates are caught.
                draft.UuidSeed = $"import:{line}:{i}:{text}";
            }

            var (captured, rejection) = CaptureRules.Complete(draft, source, receivedAt, _options);
            if (captured is null)
            {
                problems.Add(decoded.Drafts.Count == 1 ? rejection ?? "rejected" : $"event {i + 1}: {rejection}");
            }
            else
            {
                batch.Add(StoredProperties.ToRecord(captured));
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static string? Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        _ => null,
    };

    private static DateTimeOffset? Time(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => ParseTime(element.GetString()),
        JsonValueKind.Number when element.TryGetInt64(out var milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
        _ => null,
    };

    private static DateTimeOffset? ParseTime(string? text) =>
        !string.IsNullOrWhiteSpace(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
}
