using System.Buffers;
using System.Text.Json;
using Yunying.Events.Reading;

namespace Yunying.Events.Partition;

/// <summary>
/// The properties of a batch's events, tokenized. Appenders tokenize on their own threads so the single
/// writer loop only interns and stores; replay tokenizes with the same code, so both paths assign the
/// same dictionary ids. A malformed object keeps the properties before the fault.
/// </summary>
internal sealed class TokenizedBatch : IDisposable
{
    private PropertyToken[] _tokens = ArrayPool<PropertyToken>.Shared.Rent(64);
    private int[] _ends = ArrayPool<int>.Shared.Rent(16);
    private byte[] _arena = ArrayPool<byte>.Shared.Rent(256);
    private int _tokenCount;
    private int _arenaLength;

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
    public void Add(ReadOnlySpan<byte> json)
    {
        if (!json.IsEmpty)
        {
            Tokenize(json);
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
