namespace Yunying.Core.Text;

/// <summary>Writing CSV (RFC 4180): what the CLI's and the dashboard's exports share.</summary>
public static class Csv
{
    /// <summary>The cell as one CSV field: quoted, with inner quotes doubled, when it holds a comma, a quote or a line break.</summary>
    public static string Field(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
