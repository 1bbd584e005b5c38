using System.Numerics;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Query;

/// <summary>One event-property filter bound to a key id: narrows a row bitmap word by word using the kind bitmaps.</summary>
internal sealed class EventPropertyTest
{
    private readonly int _keyId;
    private readonly ValuePredicate _predicate;
    private readonly DictionaryView _values;
    private readonly bool _true;
    private readonly bool _false;
    private readonly bool _null;
    private readonly int _singleId = -1;
    private byte[]? _verdicts;

    public EventPropertyTest(int keyId, ValuePredicate predicate, DictionaryView values)
    {
        _keyId = keyId;
        _predicate = predicate;
        _values = values;
        _true = predicate.TestBoolean(true);
        _false = predicate.TestBoolean(false);
        _null = predicate.TestNull();
        if (predicate.Operator == FilterOperator.Exact && predicate.Texts.Count == 1 && values.TryGetId(predicate.Texts.First(), out var id)
            && !double.TryParse(predicate.Texts.First(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            _singleId = id;
        }
    }

    public void Apply(SegmentView segment, Span<ulong> rows)
    {
        if (!segment.TryGetProperty(_keyId, out var column))
        {
            if (!_predicate.MatchesMissing)
            {
                rows.Clear();
            }

            return;
        }

        var stringBits = column.StringBits;
        var numberBits = column.NumberBits;
        var trueBits = column.TrueBits;
        var falseBits = column.FalseBits;
        var nullBits = column.NullBits;
        var jsonBits = column.JsonBits;
        var stringIds = column.StringIds;
        var numbers = column.Numbers;
        var missing = _predicate.MatchesMissing;
        var kindOnly = _predicate.KindOnly;
        for (var w = 0; w < rows.Length; w++)
        {
            var m = rows[w];
            if (m == 0)
            {
                continue;
            }

            var s = RowBits.Word(stringBits, w) | RowBits.Word(jsonBits, w);
            var n = RowBits.Word(numberBits, w);
            var t = RowBits.Word(trueBits, w);
            var f = RowBits.Word(falseBits, w);
            var z = RowBits.Word(nullBits, w);
            var present = s | n | t | f | z;
            var keep = missing ? m & ~present : 0;
            if (kindOnly)
            {
                // is_set: present and not null; is_not_set: missing (above) or null.
                keep |= missing ? m & z : m & present & ~z;
                rows[w] = keep;
                continue;
            }

            if (_true)
            {
                keep |= m & t;
            }

            if (_false)
            {
                keep |= m & f;
            }

            if (_null)
            {
                keep |= m & z;
            }

            var strings = m & s;
            while (strings != 0)
            {
                var row = (w << 6) + BitOperations.TrailingZeroCount(strings);
                if (TestValueId(stringIds[row]))
                {
                    keep |= strings & (0 - strings);
                }

                strings &= strings - 1;
            }

            var nums = m & n;
            while (nums != 0)
            {
                var row = (w << 6) + BitOperations.TrailingZeroCount(nums);
                if (_predicate.TestNumber(numbers[row]))
                {
                    keep |= nums & (0 - nums);
                }

                nums &= nums - 1;
            }

            rows[w] = keep;
        }
    }

    private bool TestValueId(int id)
    {
        if (_singleId >= 0)
        {
            return id == _singleId;
        }

        var verdicts = _verdicts;
        if (verdicts is null)
        {
            Interlocked.CompareExchange(ref _verdicts, new byte[_values.Count], null);
            verdicts = _verdicts;
        }

        if ((uint)id >= (uint)verdicts.Length)
        {
            return _predicate.TestText(_values[id]);
        }

        var verdict = verdicts[id];
        if (verdict == 0)
        {
            // Racing threads compute the same answer; a byte store is atomic.
            verdict = _predicate.TestText(_values[id]) ? (byte)2 : (byte)1;
            verdicts[id] = verdict;
        }

        return verdict == 2;
    }
}
