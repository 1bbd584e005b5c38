namespace Yunying.Data.Tests;

/// <summary>Reads a SQLite schema through its pragmas, as sorted lines that ignore constraint and index names.</summary>
internal static class SqliteSchema
{
    public static async Task<IReadOnlyList<string>> DescribeAsync(YunyingDbContext db, CancellationToken cancellationToken)
    {
        var tables = await RawSql.QueryAsync(
            db,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_\\_EF%' ESCAPE '\\'",
            r => r.GetString(0),
            cancellationToken);
        var lines = new List<string>();
        foreach (var table in tables)
        {
            lines.Add($"table {table}");
            var columns = await RawSql.QueryAsync(
                db,
                $"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}')",
                r => (Name: r.GetString(0), Type: r.GetString(1), NotNull: r.GetInt64(2) == 1, Default: r.IsDBNull(3) ? null : r.GetString(3), Key: r.GetInt64(4)),
                cancellationToken);
            lines.AddRange(columns.Select(c => $"column {table}.{c.Name} {c.Type}{(c.NotNull ? " not null" : " null")}{(c.Default is null ? string.Empty : $" default {c.Default}")}"));
            lines.Add($"primary key {table} ({string.Join(", ", columns.Where(c => c.Key > 0).OrderBy(c => c.Key).Select(c => c.Name))})");

            var indexes = await RawSql.QueryAsync(
                db,
                $"SELECT name, \"unique\", origin FROM pragma_index_list('{table}') WHERE origin <> 'pk'",
                r => (Name: r.GetString(0), Unique: r.GetInt64(1) == 1),
                cancellationToken);
            foreach (var index in indexes)
            {
                var indexColumns = await RawSql.QueryAsync(
                    db, $"SELECT name FROM pragma_index_info('{index.Name}') ORDER BY seqno", r => r.GetString(0), cancellationToken);
                lines.Add($"{(index.Unique ? "unique index" : "index")} {table} ({string.Join(", ", indexColumns)})");
            }

            var foreignKeys = await RawSql.QueryAsync(
                db,
                $"SELECT \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list('{table}')",
                r => $"foreign key {table} ({r.GetString(1)}) references {r.GetString(0)} ({r.GetString(2)}) on update {r.GetString(3)} on delete {r.GetString(4)}",
                cancellationToken);
            lines.AddRange(foreignKeys);
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
