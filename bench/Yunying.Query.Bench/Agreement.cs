using System.Globalization;

namespace Yunying.Query.Bench;

/// <summary>How one question's answers compare, cell by cell (a cell missing on one side counts as 0 there).</summary>
internal sealed record Agreement(int Cells, int Differing, double MaxDifference, IReadOnlyList<string> Examples)
{
    public bool Agrees => Differing == 0;

    public static Agreement Compare(IEnumerable<(string Key, double Value)> engine, IReadOnlyDictionary<string, double> clickhouse, double tolerance)
    {
        var ours = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in engine)
        {
            ours[key] = ours.GetValueOrDefault(key) + value;
        }

        var keys = ours.Keys.Union(clickhouse.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var examples = new List<string>();
        var differing = 0;
        var max = 0.0;
        var cells = 0;
        foreach (var key in keys)
        {
            var a = ours.GetValueOrDefault(key);
            var b = clickhouse.GetValueOrDefault(key);
            if (a == 0 && b == 0)
            {
                continue;
            }

            cells++;
            var difference = Math.Abs(a - b);
            max = Math.Max(max, difference);
            if (difference > tolerance)
            {
                differing++;
                if (examples.Count < 8)
                {
                    examples.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: engine {a:G10}, ClickHouse {b:G10}"));
                }
            }
        }

        return new Agreement(cells, differing, max, examples);
    }
}
