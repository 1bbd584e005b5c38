using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Yunying.Analytics.Capture;

/// <summary>Tolerant reads of SDK JSON: ids may be numbers, times may be ISO strings or epoch milliseconds.</summary>
internal static class Json
{
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Parses a request body; null when it is not JSON.</summary>
    public static JsonNode? TryParse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return JsonNode.Parse(utf8, documentOptions: DocumentOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A string, or a number/bool written as text; null for anything else.</summary>
    public static string? Text(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    public static string? Text(JsonObject? obj, string name) => obj is null ? null : Text(obj[name]);

    public static JsonObject? Object(JsonObject? obj, string name) => obj?[name] as JsonObject;

    /// <summary>An ISO 8601 time (UTC assumed when it has no offset) or epoch milliseconds.</summary>
    public static DateTimeOffset? Time(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                {
                    return parsed;
                }

                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var textMs) ? FromMilliseconds(textMs) : null;
            case JsonValueKind.Number:
                return value.TryGetValue<long>(out var ms) ? FromMilliseconds(ms)
                    : value.TryGetValue<double>(out var fractional) ? FromMilliseconds((long)fractional) : null;
            default:
                return null;
        }
    }

    public static long? Integer(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
        ? value.TryGetValue<long>(out var l) ? l : value.TryGetValue<double>(out var d) ? (long)d : null
        : null;

    /// <summary>Detaches a property from its parent so it can be moved into another object.</summary>
    public static JsonNode? Take(JsonObject obj, string name)
    {
        if (!obj.TryGetPropertyValue(name, out var node))
        {
            return null;
        }

        obj.Remove(name);
        return node;
    }

    /// <summary>The object itself when it has no parent yet, otherwise a deep copy.</summary>
    public static JsonObject Own(JsonObject obj) => obj.Parent is null ? obj : (JsonObject)obj.DeepClone();

    /// <summary>UTF-8 size of a node written as compact JSON.</summary>
    public static long Size(JsonNode node)
    {
        using var counter = new CountingStream();
        using (var writer = new Utf8JsonWriter(counter))
        {
            node.WriteTo(writer);
        }

        return counter.Length;
    }

    private static DateTimeOffset? FromMilliseconds(long ms) =>
        ms is >= -62135596800000 and <= 253402300799999 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
