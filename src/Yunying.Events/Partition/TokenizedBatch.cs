using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Yunying.Events.Reading;

namespace Yunying.Events.Partition;

/// <summary>
/// The properties of a batch's events, tokenized. Appenders tokenize on their own threads so the single
/// writer loop only interns and stores; replay tokenizes with the same code, so both paths assign the
/// same dictionary ids. A malformed object keeps the properties before the fault.
/// </summary>
/// <remarks>
/// Most objects are flat: strings without escapes, numbers, literals. Those are tokenized by a direct scan
/// that accepts only JSON which <see cref="Utf8JsonReader"/> reads the same way and gives up on anything else
/// (nesting, escapes, control characters, a malformed number, a fault anywhere), in which case the object is
/// tokenized again by the reader from the start. Either way the tokens are the reader's. (The reader does
/// not check the UTF-8 of unescaped strings, and neither does the scan; the tests pin that.)
/// </remarks>
internal sealed class TokenizedBatch : IDisposable
{
    private PropertyToken[] _tokens;
    private int[] _ends;
    private byte[] _arena = ArrayPool<byte>.Shared.Rent(256);
    private int _tokenCount;
    private int _arenaLength;

    /// <summary>A batch sized for about <paramref name="expectedEvents"/> events (it grows past that as needed).</summary>
    public TokenizedBatch(int expectedEvents = 16)
    {
        _tokens = ArrayPool<PropertyToken>.Shared.Rent(Math.Max(64, expectedEvents * 8));
        _ends = ArrayPool<int>.Shared.Rent(Math.Max(16, expectedEvents));
    }

    public int EventCount { get; private set; }

    public ReadOnlySpan<PropertyToken> TokensOf(int eventIndex)
    {
        var start = eventIndex == 0 ? 0 : _ends[eventIndex - 1];
        return _tokens.AsSpan(start, _ends[eventIndex] - start);
    }

    public ReadOnlySpan<byte> Arena => _arena.AsSpan(0, _arenaLength);

    public void Clear()
    {
        _tokenCount = 0;
        _arenaLength = 0;
        EventCount = 0;
    }

    /// <summary>Tokenizes the next event's properties object.</summary>
    public void Add(ReadOnlySpan<byte> json) => Add(json, fastPath: true);

    /// <summary>Tokenizes with <see cref="Utf8JsonReader"/> only (tests compare it with the fast path).</summary>
    internal void AddUsingReader(ReadOnlySpan<byte> json) => Add(json, fastPath: false);

    private void Add(ReadOnlySpan<byte> json, bool fastPath)
    {
        if (!json.IsEmpty)
        {
            var tokens = _tokenCount;
            if (!fastPath || !TryTokenizeFlat(json))
            {
                _tokenCount = tokens;
                Tokenize(json);
            }
        }

        if (EventCount == _ends.Length)
        {
            Grow(ref _ends, EventCount + 1);
        }

        _ends[EventCount++] = _tokenCount;
    }

    public void Dispose()
    {
        ArrayPool<PropertyToken>.Shared.Return(_tokens);
        ArrayPool<int>.Shared.Return(_ends);
        ArrayPool<byte>.Shared.Return(_arena);
        _tokens = [];
        _ends = [];
        _arena = [];
    }

    private static void Grow<T>(ref T[] array, int needed)
    {
        var larger = ArrayPool<T>.Shared.Rent(Math.Max(needed, array.Length * 2));
        array.AsSpan().CopyTo(larger);
        ArrayPool<T>.Shared.Return(array);
        array = larger;
    }

    /// <summary>The fast path: a flat, well-formed object with unescaped strings; false (tokens to be discarded) otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryTokenizeFlat(ReadOnlySpan<byte> json)
    {
        var i = SkipWhitespace(json, 0);
        if (i >= json.Length || json[i] != (byte)'{')
        {
            return false;
        }

        i = SkipWhitespace(json, i + 1);
        if (i < json.Length && json[i] == (byte)'}')
        {
            return true;
        }

        while (true)
        {
            var token = default(PropertyToken);
            if (!TryScanString(json, ref i, out token.KeyStart, out token.KeyLength))
            {
                return false;
            }

            i = SkipWhitespace(json, i);
            if (i >= json.Length || json[i] != (byte)':')
            {
                return false;
            }

            i = SkipWhitespace(json, i + 1);
            if (i >= json.Length)
            {
                return false;
            }

            switch (json[i])
            {
                case (byte)'"':
                    token.Kind = PropertyValueKind.String;
                    if (!TryScanString(json, ref i, out token.ValueStart, out token.ValueLength))
                    {
                        return false;
                    }

                    break;
                case (byte)'t' when json[i..].StartsWith("true"u8):
                    token.Kind = PropertyValueKind.True;
                    i += 4;
                    break;
                case (byte)'f' when json[i..].StartsWith("false"u8):
                    token.Kind = PropertyValueKind.False;
                    i += 5;
                    break;
                case (byte)'n' when json[i..].StartsWith("null"u8):
                    token.Kind = PropertyValueKind.Null;
                    i += 4;
                    break;
                default:
                    var start = i;
                    if (!TryScanNumber(json, ref i)
                        || !Utf8Parser.TryParse(json[start..i], out double number, out var consumed)
                        || consumed != i - start
                        || !double.IsFinite(number))
                    {
                        return false;
                    }

                    token.Kind = PropertyValueKind.Number;
                    token.Number = number;
                    break;
            }

            // A value must be followed by a delimiter; the reader would fail on anything else.
            i = SkipWhitespace(json, i);
            if (i >= json.Length)
            {
                return false;
            }

            if (_tokenCount == _tokens.Length)
            {
                Grow(ref _tokens, _tokenCount + 1);
            }

            _tokens[_tokenCount++] = token;
            if (json[i] == (byte)'}')
            {
                return true;
            }

            if (json[i] != (byte)',')
            {
                return false;
            }

            i = SkipWhitespace(json, i + 1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && json[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i++;
        }

        return i;
    }

    /// <summary>A string without escapes or control characters at <paramref name="i"/>; moves past its closing quote.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryScanString(ReadOnlySpan<byte> json, ref int i, out int start, out int length)
    {
        start = i + 1;
        length = 0;
        if (i >= json.Length || json[i] != (byte)'"')
        {
            return false;
        }

        // Strings here are short (keys, channels, paths), so a plain loop beats a vectorized search's setup.
        var end = start;
        while (true)
        {
            if (end >= json.Length)
            {
                return false;
            }

            var b = json[end];
            if (b == (byte)'"')
            {
                break;
            }

            if (b == (byte)'\\' || b < 0x20)
            {
                return false;
            }

            end++;
        }

        length = end - start;
        i = start + length + 1;
        return true;
    }

    /// <summary>A number as JSON's grammar has it: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>.</summary>
    private static bool TryScanNumber(ReadOnlySpan<byte> json, ref int i)
    {
        if (i < json.Length && json[i] == (byte)'-')
        {
            i++;
        }

        if (i >= json.Length || !char.IsAsciiDigit((char)json[i]))
        {
            return false;
        }

        if (json[i++] != (byte)'0')
        {
            i = SkipDigits(json, i);
        }

        if (i < json.Length && json[i] == (byte)'.')
        {
            var fraction = ++i;
            i = SkipDigits(json, i);
            if (i == fraction)
            {
                return false;
            }
        }

        if (i < json.Length && json[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < json.Length && json[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            var exponent = i;
            i = SkipDigits(json, i);
            if (i == exponent)
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipDigits(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && char.IsAsciiDigit((char)json[i]))
        {
            i++;
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Tokenize(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var token = default(PropertyToken);
                (token.KeyStart, token.KeyLength, token.KeyInArena) = Locate(ref reader);
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        token.Kind = PropertyValueKind.String;
                        (token.ValueStart, token.ValueLength, token.ValueInArena) = Locate(ref reader);
                        break;
                    case JsonTokenType.Number when reader.TryGetDouble(out var number) && double.IsFinite(number):
                        token.Kind = PropertyValueKind.Number;
                        token.Number = number;
                        break;
                    case JsonTokenType.True:
                        token.Kind = PropertyValueKind.True;
                        break;
                    case JsonTokenType.False:
                        token.Kind = PropertyValueKind.False;
                        break;
                    case JsonTokenType.Null:
                        token.Kind = PropertyValueKind.Null;
                        break;
                    default:
                        // Nested arrays/objects (and numbers a double cannot hold) keep their JSON text.
                        token.Kind = PropertyValueKind.Json;
                        token.ValueStart = (int)reader.TokenStartIndex;
                        reader.Skip();
                        token.ValueLength = (int)reader.BytesConsumed - token.ValueStart;
                        break;
                }

                if (_tokenCount == _tokens.Length)
                {
                    Grow(ref _tokens, _tokenCount + 1);
                }

                _tokens[_tokenCount++] = token;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // The capture layer validates JSON; should a malformed object reach the log anyway, the
            // properties before the fault are kept, identically on every replay.
        }
    }

    private (int Start, int Length, bool InArena) Locate(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            // Property names and strings start at their opening quote.
            return ((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, false);
        }

        var max = reader.ValueSpan.Length;
        if (_arenaLength + max > _arena.Length)
        {
            Grow(ref _arena, _arenaLength + max);
        }

        var length = reader.CopyString(_arena.AsSpan(_arenaLength));
        var start = _arenaLength;
        _arenaLength += length;
        return (start, length, true);
    }
}
