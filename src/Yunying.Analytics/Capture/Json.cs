using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Yunying.Analytics.Capture;

/// <summary>Tolerant reads of SDK JSON: ids may be numbers, times may be ISO strings or epoch milliseconds.</summary>
internal static class Json
{
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    private static readonly JsonWriterOptions SizeWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    [ThreadStatic]
    private static CountingBufferWriter? t_counter;

    [ThreadStatic]
    private static Utf8JsonWriter? t_sizeWriter;

    /// <summary>Parses a request body; null when it is not JSON.</summary>
    /// <remarks>
    /// The nodes read <paramref name="utf8"/> in place, through a document whose index is rented from the shared
    /// pool: nothing of the body's size is copied or allocated per request (a batch of 1,000 events is a quarter
    /// of a megabyte, which the garbage collector would otherwise reclaim only in full collections). So the
    /// document lives as long as the request, which disposes it, and the body must stay unchanged until then.
    /// </remarks>
    public static JsonNode? TryParse(HttpRequest request, ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException)
        {
            return null;
        }

        request.HttpContext.Response.RegisterForDispose(document);
        var root = document.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.Object => JsonObject.Create(root),
            JsonValueKind.Array => JsonArray.Create(root),
            _ => JsonValue.Create(root),
        };
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

    /// <summary>
    /// UTF-8 size of a node written as compact JSON, with text as UTF-8 (not <c>\uXXXX</c> escapes), so an
    /// event in Chinese counts the bytes it was sent in. It runs for every captured event: the writer and its
    /// scratch buffer are kept per thread, so measuring allocates nothing.
    /// </summary>
    public static long Size(JsonNode node)
    {
        var counter = t_counter ??= new CountingBufferWriter();
        counter.Reset();
        var writer = t_sizeWriter ??= new Utf8JsonWriter(counter, SizeWriterOptions);
        writer.Reset(counter);
        node.WriteTo(writer);
        writer.Flush();
        return counter.Length;
    }

    private static DateTimeOffset? FromMilliseconds(long ms) =>
        ms is >= -62135596800000 and <= 253402300799999 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    /// <summary>Counts what is written and keeps none of it: every span handed out is the same scratch array.</summary>
    private sealed class CountingBufferWriter : IBufferWriter<byte>
    {
        private byte[] _scratch = new byte[4096];

        public long Length { get; private set; }

        public void Reset()
        {
            Length = 0;
            if (_scratch.Length > 1 << 20)
            {
                _scratch = new byte[4096]; // one huge string value must not pin a large buffer to the thread
            }
        }

        public void Advance(int count) => Length += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

        private byte[] Scratch(int sizeHint)
        {
            if (sizeHint > _scratch.Length)
            {
                _scratch = new byte[Math.Max(sizeHint, _scratch.Length * 2)];
            }

            return _scratch;
        }
    }
}
