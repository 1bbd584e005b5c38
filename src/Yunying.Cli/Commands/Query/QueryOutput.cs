using System.Globalization;
using System.Text;
using Yunying.Analytics.Query;

namespace Yunying.Cli.Commands.Query;

/// <summary>Prints a query result as an aligned table, CSV (RFC 4180) or JSON.</summary>
public static class QueryOutput
{
    public static void Print(AnalyticsResult result, string format, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var rows = result switch
        {
            TrendsResult trends => TrendRows(trends),
            Analytics.Query.PersonList.PeopleResult people => PeopleRows(people.People),
            Analytics.Query.Overview.OverviewResult overview => OverviewTable.Rows(overview),
            _ => RetentionTables.Rows(result),
        };
        if (format == "json" || rows is null)
        {
            // Analyses without a table layout yet print JSON whatever the format.
            output.WriteLine(QueryJson.Write(result, indented: true));
            return;
        }

        PrintRows(rows, format, output);
    }

    /// <summary>Prints a header row and data rows as CSV (<paramref name="format"/> <c>csv</c>) or as an aligned table.</summary>
    public static void PrintRows(List<string[]> rows, string format, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        if (format == "csv")
        {
            foreach (var row in rows)
            {
                output.WriteLine(string.Join(',', row.Select(Yunying.Core.Text.Csv.Field)));
            }

            return;
        }

        var widths = rows[0].Select((_, i) => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            var line = new StringBuilder();
            for (var i = 0; i < row.Length; i++)
            {
                // Numbers line up on the right, labels on the left.
                line.Append(i == 0 ? row[i].PadRight(widths[i]) : row[i].PadLeft(widths[i]));
                line.Append("  ");
            }

            output.WriteLine(line.ToString().TrimEnd());
        }
    }

    /// <summary>One row per person: id, name, identified, first distinct ids, first and last seen (UTC), events.</summary>
    public static List<string[]> PeopleRows(IReadOnlyList<Analytics.People.PersonSummary> people)
    {
        ArgumentNullException.ThrowIfNull(people);
        var rows = new List<string[]> { new[] { "person_id", "name", "identified", "distinct_ids", "first_seen", "last_seen", "events" } };
        rows.AddRange(people.Select(p => new[]
        {
            p.Id.ToString(),
            p.Name,
            p.Identified ? "yes" : "no",
            string.Join(' ', p.DistinctIds) + (p.DistinctIdCount > p.DistinctIds.Count ? " …" : string.Empty),
            p.FirstSeen.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            p.LastSeen.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            p.EventCount.ToString(CultureInfo.InvariantCulture),
        }));
        return rows;
    }

    /// <summary>A header row (bucket, then one column per line), one row per bucket, and a total row.</summary>
    private static List<string[]> TrendRows(TrendsResult result)
    {
        var lines = result.Lines;
        var header = new[] { "bucket" }.Concat(lines.Select(Title)).ToArray();
        var rows = new List<string[]> { header };
        var current = lines.FirstOrDefault(l => l.Compare != "previous") ?? lines.FirstOrDefault();
        var count = lines.Count == 0 ? 0 : lines.Max(l => l.Values.Count);
        for (var b = 0; b < count; b++)
        {
            var label = current is not null && b < current.Labels.Count ? current.Labels[b] : string.Empty;
            rows.Add([label, .. lines.Select(l => b < l.Values.Count ? Number(l.Values[b]) : string.Empty)]);
        }

        rows.Add(["total", .. lines.Select(l => Number(l.Total))]);
        return rows;
    }

    private static string Title(TrendLine line)
    {
        var title = line.Math is "total" or "formula" ? line.Label : $"{line.Label} ({line.Math})";
        if (line.Breakdown is { } breakdown)
        {
            title += $" [{breakdown.Label}]";
        }

        return line.Compare == "previous" ? title + " previous" : title;
    }

    private static string Number(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("0.####", CultureInfo.InvariantCulture);
}
