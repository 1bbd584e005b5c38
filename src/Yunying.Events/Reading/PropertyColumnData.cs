namespace Yunying.Events.Reading;

/// <summary>The stored parts of one property key's column within one segment view.</summary>
internal sealed class PropertyColumnData(int keyId, int rowCount)
{
    public int KeyId { get; } = keyId;

    public int RowCount { get; } = rowCount;

    public ColumnRef StringBits { get; init; }

    public ColumnRef NumberBits { get; init; }

    public ColumnRef TrueBits { get; init; }

    public ColumnRef FalseBits { get; init; }

    public ColumnRef NullBits { get; init; }

    public ColumnRef JsonBits { get; init; }

    public ColumnRef Numbers { get; init; }

    public ColumnRef StringIds { get; init; }

    public ColumnRef BitsOf(PropertyValueKind kind) => kind switch
    {
        PropertyValueKind.String => StringBits,
        PropertyValueKind.Number => NumberBits,
        PropertyValueKind.True => TrueBits,
        PropertyValueKind.False => FalseBits,
        PropertyValueKind.Null => NullBits,
        PropertyValueKind.Json => JsonBits,
        _ => default,
    };
}
