using System.Runtime.CompilerServices;
using Yunying.Events.Reading;

namespace Yunying.Events.Partition;

/// <summary>One property key's growing column in the in-memory tail. Writer-owned; views read a prefix.</summary>
internal sealed class PropertyBuilder(int keyId, int capacity)
{
    private const int KindCount = 6;
    private readonly ulong[]?[] _bits = new ulong[KindCount][];
    private double[]? _numbers;
    private int[]? _stringIds;
    private int _capacity = capacity;
    private int _lastRow = -1;

    public int KeyId { get; } = keyId;

    /// <summary>Recent string values interned for this key (most keys have few distinct values).</summary>
    public InternCache LastValue { get; } = new(slots: 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetString(int row, int valueId, PropertyValueKind kind)
    {
        Prepare(row);
        SetBit(kind, row);
        (_stringIds ??= new int[_capacity])[row] = valueId;
    }

    public void SetNumber(int row, double value)
    {
        Prepare(row);
        SetBit(PropertyValueKind.Number, row);
        (_numbers ??= new double[_capacity])[row] = value;
    }

    public void SetKind(int row, PropertyValueKind kind)
    {
        Prepare(row);
        SetBit(kind, row);
    }

    /// <summary>Copies row <paramref name="from"/> of <paramref name="source"/> into row <paramref name="to"/> of this builder.</summary>
    public void CopyRow(PropertyBuilder source, int from, int to)
    {
        for (var k = 0; k < KindCount; k++)
        {
            var bits = source._bits[k];
            if (bits is not null && (bits[from >> 6] & (1UL << from)) != 0)
            {
                var kind = (PropertyValueKind)(k + 1);
                switch (kind)
                {
                    case PropertyValueKind.String or PropertyValueKind.Json:
                        SetString(to, source._stringIds![from], kind);
                        break;
                    case PropertyValueKind.Number:
                        SetNumber(to, source._numbers![from]);
                        break;
                    default:
                        SetKind(to, kind);
                        break;
                }
            }
        }
    }

    public void Grow(int capacity)
    {
        var words = Words(capacity);
        for (var k = 0; k < KindCount; k++)
        {
            if (_bits[k] is { } bits)
            {
                Array.Resize(ref bits, words);
                _bits[k] = bits;
            }
        }

        if (_numbers is not null)
        {
            Array.Resize(ref _numbers, capacity);
        }

        if (_stringIds is not null)
        {
            Array.Resize(ref _stringIds, capacity);
        }

        _capacity = capacity;
    }

    public PropertyColumnData View(int rowCount)
    {
        var words = Words(rowCount);
        return new PropertyColumnData(KeyId, rowCount)
        {
            StringBits = ColumnRef.Over(_bits[0], _bits[0] is null ? 0 : words),
            NumberBits = ColumnRef.Over(_bits[1], _bits[1] is null ? 0 : words),
            TrueBits = ColumnRef.Over(_bits[2], _bits[2] is null ? 0 : words),
            FalseBits = ColumnRef.Over(_bits[3], _bits[3] is null ? 0 : words),
            NullBits = ColumnRef.Over(_bits[4], _bits[4] is null ? 0 : words),
            JsonBits = ColumnRef.Over(_bits[5], _bits[5] is null ? 0 : words),
            Numbers = ColumnRef.Over(_numbers, _numbers is null ? 0 : rowCount),
            StringIds = ColumnRef.Over(_stringIds, _stringIds is null ? 0 : rowCount),
        };
    }

    private static int Words(int rows) => (rows + 63) >> 6;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetBit(PropertyValueKind kind, int row)
    {
        var bits = _bits[(int)kind - 1] ??= new ulong[Words(_capacity)];
        bits[row >> 6] |= 1UL << row;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Prepare(int row)
    {
        if (row != _lastRow)
        {
            _lastRow = row;
            return;
        }

        // The same key twice in one object: the last value wins, so forget the earlier one.
        var mask = ~(1UL << row);
        foreach (var bits in _bits)
        {
            if (bits is not null)
            {
                bits[row >> 6] &= mask;
            }
        }

        if (_numbers is not null)
        {
            _numbers[row] = 0;
        }

        if (_stringIds is not null)
        {
            _stringIds[row] = 0;
        }
    }
}
