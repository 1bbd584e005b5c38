using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Yunying.Analytics.Capture;

/// <summary>
/// Reads a capture request body within the size limit, undoing gzip whether the SDK says so in
/// <c>Content-Encoding</c>, in <c>?compression=gzip-js</c>, or only by the gzip magic bytes.
/// Decompression stops at the same limit, so a small gzip bomb cannot fill memory.
/// </summary>
internal static class CaptureBody
{
    public static async Task<(byte[]? Body, CaptureFailure? Failure)> ReadAsync(HttpRequest request, CaptureOptions options, CancellationToken cancellationToken)
    {
        var limit = options.MaxRequestBytes;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        byte[]? raw;
        try
        {
            raw = await ReadBoundedAsync(request.Body, limit, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(limit));
        }

        if (raw is null)
        {
            return (null, TooLarge(limit));
        }

        if (!IsGzip(request, raw))
        {
            return (raw, null);
        }

        return Gunzip(raw, limit) switch
        {
            { Data: { } inflated } => (inflated, null),
            { TooLarge: true } => (null, CaptureFailure.TooLarge($"The body is larger than {limit} bytes once decompressed.")),
            _ => (null, CaptureFailure.Malformed("The body is marked as gzip but is not valid gzip data.")),
        };
    }

    /// <summary>Inflates gzip data in memory, stopping at <paramref name="limit"/> bytes.</summary>
    public static (byte[]? Data, bool TooLarge) Gunzip(byte[] data, long limit)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
            var buffer = new ArrayBufferWriter<byte>(Math.Max(1024, data.Length * 4));
            while (true)
            {
                var read = gzip.Read(buffer.GetSpan(16 * 1024));
                if (read == 0)
                {
                    return (buffer.WrittenSpan.ToArray(), false);
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    return (null, true);
                }
            }
        }
        catch (InvalidDataException)
        {
            return (null, false);
        }
    }

    private static bool IsGzip(HttpRequest request, byte[] raw)
    {
        var encoding = request.Headers.ContentEncoding.ToString();
        var compression = request.Query["compression"].ToString();
        var declared = encoding.Contains("gzip", StringComparison.OrdinalIgnoreCase)
            || compression.Equals("gzip-js", StringComparison.OrdinalIgnoreCase)
            || compression.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        var magic = raw.Length >= 2 && raw[0] == 0x1F && raw[1] == 0x8B;
        return magic || (declared && raw.Length > 0 && !LooksLikeText(raw));
    }

    // posthog-js labels some bodies gzip-js that are really form text; trust the magic bytes, not the label.
    private static bool LooksLikeText(byte[] raw) => raw[0] is (byte)'{' or (byte)'[' or (byte)'d' or (byte)' ';

    private static async ValueTask<byte[]?> ReadBoundedAsync(Stream source, long limit, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var read = await source.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return null;
            }
        }
    }

    private static CaptureFailure TooLarge(long limit) => CaptureFailure.TooLarge($"The request body is larger than {limit} bytes.");
}
