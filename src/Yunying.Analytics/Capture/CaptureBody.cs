using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;
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
    /// <summary>
    /// The body, decompressed. An uncompressed body is read into an array rented from the shared pool and given
    /// back when the request ends (<see cref="HttpResponse.RegisterForDispose"/>), so it is valid until then.
    /// </summary>
    public static async Task<(ReadOnlyMemory<byte> Body, CaptureFailure? Failure)> ReadAsync(HttpRequest request, CaptureOptions options, CancellationToken cancellationToken)
    {
        var limit = options.MaxRequestBytes;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        if (request.ContentLength > limit)
        {
            return (default, TooLarge(limit));
        }

        var raw = new PooledBody((int)Math.Min(request.ContentLength ?? 16 * 1024, limit));
        request.HttpContext.Response.RegisterForDispose(raw);
        try
        {
            if (!await raw.ReadAsync(request.Body, limit, cancellationToken))
            {
                return (default, TooLarge(limit));
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, TooLarge(limit));
        }

        if (!IsGzip(request, raw.Span))
        {
            return (raw.Memory, null);
        }

        return Gunzip(raw.Memory, limit) switch
        {
            { Data: { } inflated } => (inflated, null),
            { TooLarge: true } => (default, CaptureFailure.TooLarge($"The body is larger than {limit} bytes once decompressed.")),
            _ => (default, CaptureFailure.Malformed("The body is marked as gzip but is not valid gzip data.")),
        };
    }

    /// <summary>Inflates gzip data in memory, stopping at <paramref name="limit"/> bytes.</summary>
    public static (byte[]? Data, bool TooLarge) Gunzip(ReadOnlyMemory<byte> data, long limit)
    {
        try
        {
            var compressed = MemoryMarshal.TryGetArray(data, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(data.ToArray(), writable: false);
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
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

    private static bool IsGzip(HttpRequest request, ReadOnlySpan<byte> raw)
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
    private static bool LooksLikeText(ReadOnlySpan<byte> raw) => raw[0] is (byte)'{' or (byte)'[' or (byte)'d' or (byte)' ';

    private static CaptureFailure TooLarge(long limit) => CaptureFailure.TooLarge($"The request body is larger than {limit} bytes.");

    /// <summary>A request body in an array rented from the shared pool, sized by <c>Content-Length</c> when the client sent one.</summary>
    private sealed class PooledBody(int expected) : IDisposable
    {
        private byte[] _array = ArrayPool<byte>.Shared.Rent(Math.Max(expected + 1, 1024));
        private int _length;

        public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, _length);

        public ReadOnlySpan<byte> Span => _array.AsSpan(0, _length);

        /// <summary>Reads <paramref name="source"/> to its end; false once it holds more than <paramref name="limit"/> bytes.</summary>
        public async ValueTask<bool> ReadAsync(Stream source, long limit, CancellationToken cancellationToken)
        {
            while (true)
            {
                if (_length == _array.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_array.Length * 2, Array.MaxLength));
                    _array.AsSpan(0, _length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(_array);
                    _array = larger;
                }

                var read = await source.ReadAsync(_array.AsMemory(_length), cancellationToken);
                if (read == 0)
                {
                    return true;
                }

                _length += read;
                if (_length > limit)
                {
                    return false;
                }
            }
        }

        public void Dispose()
        {
            var array = _array;
            _array = [];
            _length = 0;
            if (array.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }
    }
}
