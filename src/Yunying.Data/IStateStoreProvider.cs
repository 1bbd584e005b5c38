using Microsoft.EntityFrameworkCore;

namespace Yunying.Data;

/// <summary>One database provider for the state store: how to configure EF Core for it and how to prepare it.</summary>
public interface IStateStoreProvider
{
    /// <summary>A short name for logs and the readiness answer, such as <c>sqlite</c>.</summary>
    string Name { get; }

    /// <summary>Points EF Core at the database and at this provider's migrations assembly.</summary>
    void Configure(DbContextOptionsBuilder builder);

    /// <summary>Applies pending migrations and provider settings (such as SQLite's WAL journal).</summary>
    Task MigrateAsync(YunyingDbContext db, CancellationToken cancellationToken);
}
