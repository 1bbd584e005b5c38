using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Yunying.Data.Postgres;

/// <summary>The production state store: PostgreSQL, shared by every server node.</summary>
public sealed class PostgresStateStore(string connectionString) : IStateStoreProvider
{
    public string Name => "postgres";

    /// <summary>Accepts both keyword connection strings (<c>Host=…;Username=…</c>) and <c>postgres://user:pass@host:port/db</c> URLs.</summary>
    public static PostgresStateStore FromSetting(string setting)
    {
        if (!setting.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            && !setting.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new PostgresStateStore(new NpgsqlConnectionStringBuilder(setting).ToString());
        }

        var uri = new Uri(setting);
        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Username = userInfo.Length > 0 && userInfo[0].Length > 0 ? Uri.UnescapeDataString(userInfo[0]) : null,
            Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null,
        };
        return new PostgresStateStore(builder.ToString());
    }

    public static bool LooksLikePostgres(string setting) =>
        setting.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || setting.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || setting.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    public void Configure(DbContextOptionsBuilder builder) =>
        builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(typeof(PostgresStateStore).Assembly.GetName().Name))
            // Migrations are hand-written (no model snapshot); a test compares the migrated schema with the model instead.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));

    public Task MigrateAsync(YunyingDbContext db, CancellationToken cancellationToken) => db.Database.MigrateAsync(cancellationToken);
}
