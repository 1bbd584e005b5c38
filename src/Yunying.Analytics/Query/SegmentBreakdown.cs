using System.Runtime.CompilerServices;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Query;

/// <summary><see cref="BreakdownValues"/> bound to one segment view: the breakdown code of any row.</summary>
public ref struct SegmentBreakdown
{
    private readonly BreakdownValues _owner;
    private readonly PropertyColumn _column;
    private readonly ReadOnlySpan<int> _ordinals;
    private readonly int[]? _distinctCodes;
    private readonly bool _hasColumn;
    private double _lastNumber;
    private int _lastNumberCode;

    internal SegmentBreakdown(BreakdownValues owner, PropertyColumn column, ReadOnlySpan<int> ordinals, int[]? distinctCodes, bool hasColumn)
    {
        _owner = owner;
        _column = column;
        _ordinals = ordinals;
        _distinctCodes = distinctCodes;
        _hasColumn = hasColumn;
        _lastNumber = double.NaN;
        _lastNumberCode = -1;
    }

    /// <summary>The breakdown code of row <paramref name="row"/> (see <see cref="BreakdownValues"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CodeAt(int row)
    {
        if (_distinctCodes is not null)
        {
            return _distinctCodes[_ordinals[row]];
        }

        if (!_hasColumn)
        {
            return BreakdownValues.None;
        }

        var word = row >> 6;
        var bit = 1UL << row;
        if (((RowBits.Word(_column.StringBits, word) | RowBits.Word(_column.JsonBits, word)) & bit) != 0)
        {
            return BreakdownValues.CodeOfValueId(_column.StringIds[row]);
        }

        if ((RowBits.Word(_column.NumberBits, word) & bit) != 0)
        {
            var number = _column.Numbers[row];
            if (number != _lastNumber || _lastNumberCode < 0)
            {
                _lastNumberCode = _owner.CodeOfNumber(number);
                _lastNumber = number;
            }

            return _lastNumberCode;
        }

        if ((RowBits.Word(_column.TrueBits, word) & bit) != 0)
        {
            return _owner.TrueCode;
        }

        return (RowBits.Word(_column.FalseBits, word) & bit) != 0 ? _owner.FalseCode : BreakdownValues.None;
    }
}
