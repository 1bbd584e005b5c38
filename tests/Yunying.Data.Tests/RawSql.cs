using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Yunying.Data.Tests;

/// <summary>Plain ADO.NET reads on a context's connection, for looking at what is really stored.</summary>
internal static class RawSql
{
    public static async Task<List<T>> QueryAsync<T>(YunyingDbContext db, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(read(reader));
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Every value of every row of a table, as text.</summary>
    public static Task<List<string>> AllValuesAsync(YunyingDbContext db, string table, CancellationToken cancellationToken) =>
        QueryAsync(
            db,
            $"SELECT * FROM \"{table}\"",
            reader => string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))),
            cancellationToken);
}
