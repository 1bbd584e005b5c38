namespace Yunying.Events.Reading;

/// <summary>
/// One property key's values across the rows of a segment view, as typed spans plus one bitmap per
/// value kind (bit <c>r % 64</c> of word <c>r / 64</c> is row <c>r</c>). A row whose bit is set in no
/// bitmap lacks the key. An empty span means "no row has this kind" (treat it as all zeros). Bits at
/// positions at or beyond <see cref="RowCount"/> are unspecified (the live tail keeps writing them);
/// mask the last word. <see cref="Numbers"/> is meaningful where <see cref="NumberBits"/> is set and
/// <see cref="StringIds"/> where <see cref="StringBits"/> or <see cref="JsonBits"/> is set; both hold
/// 0 elsewhere.
/// </summary>
public readonly ref struct PropertyColumn
{
    internal PropertyColumn(PropertyColumnData data)
    {
        KeyId = data.KeyId;
        RowCount = data.RowCount;
        StringBits = data.StringBits.Span<ulong>();
        NumberBits = data.NumberBits.Span<ulong>();
        TrueBits = data.TrueBits.Span<ulong>();
        FalseBits = data.FalseBits.Span<ulong>();
        NullBits = data.NullBits.Span<ulong>();
        JsonBits = data.JsonBits.Span<ulong>();
        Numbers = data.Numbers.Span<double>();
        StringIds = data.StringIds.Span<int>();
    }

    /// <summary>The property key's id in <see cref="ProjectSnapshot.PropertyKeys"/>.</summary>
    public int KeyId { get; }

    /// <summary>Rows in the segment view.</summary>
    public int RowCount { get; }

    /// <summary>Rows whose value is a string.</summary>
    public ReadOnlySpan<ulong> StringBits { get; }

    /// <summary>Rows whose value is a number.</summary>
    public ReadOnlySpan<ulong> NumberBits { get; }

    /// <summary>Rows whose value is <c>true</c>.</summary>
    public ReadOnlySpan<ulong> TrueBits { get; }

    /// <summary>Rows whose value is <c>false</c>.</summary>
    public ReadOnlySpan<ulong> FalseBits { get; }

    /// <summary>Rows whose value is JSON <c>null</c> (the null bitmap).</summary>
    public ReadOnlySpan<ulong> NullBits { get; }

    /// <summary>Rows whose value is a nested array or object.</summary>
    public ReadOnlySpan<ulong> JsonBits { get; }

    /// <summary>Number values, one per row (empty when no row has a number).</summary>
    public ReadOnlySpan<double> Numbers { get; }

    /// <summary>Value-dictionary ids of strings and nested JSON text, one per row (empty when none).</summary>
    public ReadOnlySpan<int> StringIds { get; }

    /// <summary>Whether bit <paramref name="row"/> is set in <paramref name="bits"/> (an empty bitmap is all zeros).</summary>
    public static bool IsSet(ReadOnlySpan<ulong> bits, int row)
    {
        var word = row >> 6;
        return word < bits.Length && (bits[word] & (1UL << row)) != 0;
    }

    /// <summary>The kind of the value in <paramref name="row"/>.</summary>
    public PropertyValueKind KindAt(int row)
    {
        if (IsSet(StringBits, row))
        {
            return PropertyValueKind.String;
        }

        if (IsSet(NumberBits, row))
        {
            return PropertyValueKind.Number;
        }

        if (IsSet(TrueBits, row))
        {
            return PropertyValueKind.True;
        }

        if (IsSet(FalseBits, row))
        {
            return PropertyValueKind.False;
        }

        if (IsSet(NullBits, row))
        {
            return PropertyValueKind.Null;
        }

        return IsSet(JsonBits, row) ? PropertyValueKind.Json : PropertyValueKind.Missing;
    }
}
