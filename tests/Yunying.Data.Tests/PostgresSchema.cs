namespace Yunying.Data.Tests;

/// <summary>Reads a PostgreSQL schema from the catalogs, as sorted lines that ignore constraint and index names.</summary>
internal static class PostgresSchema
{
    private const string Columns = """
        SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, ''), is_identity
        FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_EF%'
        """;

    private const string Indexes = """
        SELECT t.relname, i.indisprimary, i.indisunique,
               (SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
                FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum)
        FROM pg_index i
        JOIN pg_class t ON t.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND t.relname NOT LIKE '\_\_EF%'
        """;

    private const string ForeignKeys = """
        SELECT t.relname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c
        JOIN pg_class t ON t.oid = c.conrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE c.contype = 'f' AND n.nspname = 'public'
        """;

    public static async Task<IReadOnlyList<string>> DescribeAsync(YunyingDbContext db, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        lines.AddRange(await RawSql.QueryAsync(
            db,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE '\\_\\_EF%'",
            r => $"table {r.GetString(0)}",
            cancellationToken));
        lines.AddRange(await RawSql.QueryAsync(
            db,
            Columns,
            r => $"column {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}{(r.GetString(3) == "NO" ? " not null" : " null")}"
                + $"{(r.GetString(4).Length == 0 ? string.Empty : $" default {r.GetString(4)}")}{(r.GetString(5) == "YES" ? " identity" : string.Empty)}",
            cancellationToken));
        lines.AddRange(await RawSql.QueryAsync(
            db,
            Indexes,
            r => $"{(r.GetBoolean(1) ? "primary key" : r.GetBoolean(2) ? "unique index" : "index")} {r.GetString(0)} ({r.GetString(3)})",
            cancellationToken));
        lines.AddRange(await RawSql.QueryAsync(
            db,
            ForeignKeys,
            r => $"foreign key {r.GetString(0)} {r.GetString(1)}",
            cancellationToken));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
