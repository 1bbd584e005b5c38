using System.Globalization;
using System.Text;

namespace Yunying.Ingest.Bench;

/// <summary>The headline figures: printed as a markdown table and written, with the details, as JSON.</summary>
internal sealed class Report
{
    private readonly List<(string Measure, double Value, string Unit, string Target, bool? Met)> _rows = [];

    public IReadOnlyList<(string Measure, double Value, string Unit, string Target, bool? Met)> Rows => _rows;

    /// <summary>A figure; <paramref name="met"/> says whether it reaches <paramref name="target"/> (null: no target).</summary>
    public void Add(string measure, double value, string unit, string target = "", bool? met = null) =>
        _rows.Add((measure, value, unit, target, met));

    public string Markdown()
    {
        var width = Math.Max(7, _rows.Max(r => r.Measure.Length));
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| {"measure".PadRight(width)} | {"value",14} | {"unit",-9} | {"target",-12} | met |");
        text.AppendLine(CultureInfo.InvariantCulture, $"|{new string('-', width + 2)}|{new string('-', 16)}:|{new string('-', 11)}|{new string('-', 14)}|-----|");
        foreach (var (measure, value, unit, target, met) in _rows)
        {
            var shown = double.IsNaN(value) ? "–" : value.ToString(Math.Abs(value) >= 1000 ? "N0" : "N1", CultureInfo.InvariantCulture);
            var verdict = met switch { true => "yes", false => "NO", null => "" };
            text.AppendLine(CultureInfo.InvariantCulture, $"| {measure.PadRight(width)} | {shown,14} | {unit,-9} | {target,-12} | {verdict,-3} |");
        }

        return text.ToString();
    }

    public object ToJson() => _rows.Select(r => new
    {
        measure = r.Measure,
        value = double.IsNaN(r.Value) ? (double?)null : Math.Round(r.Value, 2),
        unit = r.Unit,
        target = r.Target.Length == 0 ? null : r.Target,
        met = r.Met,
    });
}
