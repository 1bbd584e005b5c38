using System.Globalization;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Query;

/// <summary>
/// The numeric value of one event property per row: numbers as they are, strings that parse as numbers
/// (decided once per distinct string), nothing for other kinds. Used by property maths (sum, average,
/// percentiles…). Safe to use from several threads at once.
/// </summary>
public sealed class NumericProperty
{
    private readonly DictionaryView _values;
    private double[]? _parsed;

    public NumericProperty(ProjectSnapshot snapshot, string key)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Key = key;
        _values = snapshot.PropertyValues;
        KeyId = snapshot.PropertyKeys.TryGetId(key, out var id) ? id : -1;
    }

    public string Key { get; }

    /// <summary>The key's id, or -1 when no event has it.</summary>
    public int KeyId { get; }

    /// <summary>The value of <paramref name="row"/> in <paramref name="column"/> (the key's column of the row's segment).</summary>
    public bool TryGet(in PropertyColumn column, int row, out double value)
    {
        var word = row >> 6;
        var bit = 1UL << row;
        if ((RowBits.Word(column.NumberBits, word) & bit) != 0)
        {
            value = column.Numbers[row];
            return true;
        }

        if ((RowBits.Word(column.StringBits, word) & bit) != 0)
        {
            value = Parse(column.StringIds[row]);
            return !double.IsNaN(value);
        }

        value = 0;
        return false;
    }

    private double Parse(int id)
    {
        var parsed = _parsed;
        if (parsed is null)
        {
            var fresh = new double[_values.Count];
            Array.Fill(fresh, double.NegativeZero);
            Interlocked.CompareExchange(ref _parsed, fresh, null);
            parsed = _parsed;
        }

        if ((uint)id >= (uint)parsed.Length)
        {
            return ParseText(_values[id]);
        }

        var value = parsed[id];
        if (double.IsNegative(value) && value == 0)
        {
            // -0.0 marks "not parsed yet"; a parsed -0 is stored as +0 (equal for every statistic).
            value = ParseText(_values[id]);
            parsed[id] = value == 0 ? 0 : value;
        }

        return value;
    }

    private static double ParseText(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : double.NaN;
}
