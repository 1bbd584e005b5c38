namespace Yunying.Data.Schema;

/// <summary>The store types a provider uses for each kind of column, so one schema step serves every provider.</summary>
public sealed record ColumnTypes(string Id, string Text, string Boolean, string Integer, string Timestamp)
{
    public static ColumnTypes Sqlite { get; } = new("TEXT", "TEXT", "INTEGER", "INTEGER", "TEXT");

    public static ColumnTypes Postgres { get; } = new("uuid", "text", "boolean", "integer", "timestamp with time zone");
}
