using Microsoft.EntityFrameworkCore;
using Yunying.Data;
using Yunying.Data.Operators;
using Yunying.Data.Postgres;
using Yunying.Data.Sqlite;
using Yunying.Data.Tenancy;
using Yunying.Server.Hosting;

namespace Yunying.Server.Storage;

/// <summary>Chooses the state-store provider from the settings and registers the state services.</summary>
public static class StateStorage
{
    public static IStateStoreProvider ResolveProvider(YunyingSettings settings) =>
        string.IsNullOrWhiteSpace(settings.Database)
            ? SqliteStateStore.InDataDirectory(settings.FullDataDir)
            : PostgresStateStore.LooksLikePostgres(settings.Database)
                ? PostgresStateStore.FromSetting(settings.Database)
                : throw new ArgumentException("The database setting is neither a PostgreSQL URL (postgres://…) nor a connection string with Host=…; leave it empty for SQLite.");

    public static IServiceCollection AddStateStore(this IServiceCollection services, IStateStoreProvider provider)
    {
        services.AddSingleton(provider);
        services.AddDbContext<YunyingDbContext>(provider.Configure);
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<OperatorService>();
        services.AddScoped<PersonalTokenService>();
        services.AddScoped<ProjectService>();
        return services;
    }

    /// <summary>A service provider with the state store alone, for CLI verbs that do not start the web server.</summary>
    public static ServiceProvider BuildStateServices(YunyingSettings settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddStateStore(ResolveProvider(settings));
        return services.BuildServiceProvider();
    }

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YunyingDbContext>();
        await scope.ServiceProvider.GetRequiredService<IStateStoreProvider>().MigrateAsync(db, cancellationToken);
    }

    public static async Task<IReadOnlyList<string>> PendingMigrationsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YunyingDbContext>();
        return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
    }
}
