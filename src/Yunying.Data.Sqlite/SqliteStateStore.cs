using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Yunying.Data.Sqlite;

/// <summary>The default state store: one SQLite file in the data directory, in WAL mode.</summary>
public sealed class SqliteStateStore(string connectionString) : IStateStoreProvider
{
    public string Name => "sqlite";

    public static SqliteStateStore InDataDirectory(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "yunying.db"),
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        };
        return new SqliteStateStore(builder.ToString());
    }

    public void Configure(DbContextOptionsBuilder builder) =>
        builder.UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(SqliteStateStore).Assembly.GetName().Name))
            // Migrations are hand-written (no model snapshot); a test compares the migrated schema with the model instead.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));

    public async Task MigrateAsync(YunyingDbContext db, CancellationToken cancellationToken)
    {
        // WAL lets dashboard reads run beside writes; the setting is stored in the file, so once is enough.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
