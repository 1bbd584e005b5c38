using Yunying.Data.Postgres;
using Yunying.Testing;

namespace Yunying.Data.Tests;

/// <summary>The state store contract on PostgreSQL: each test gets fresh databases in the run's shared cluster.</summary>
public sealed class PostgresStateStoreTests(PostgresCluster cluster) : StateStoreContract
{
    private readonly List<string> _databases = [];

    public override async ValueTask DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await cluster.DropDatabaseAsync(database, CancellationToken.None);
        }
    }

    protected override async Task<IStateStoreProvider> CreateEmptyStoreAsync(CancellationToken cancellationToken)
    {
        cluster.Require();
        var name = PostgresCluster.UniqueName("state");
        var connectionString = await cluster.CreateDatabaseAsync(name, cancellationToken);
        _databases.Add(name);
        return new PostgresStateStore(connectionString);
    }

    protected override Task<IReadOnlyList<string>> DescribeSchemaAsync(YunyingDbContext db, CancellationToken cancellationToken) =>
        PostgresSchema.DescribeAsync(db, cancellationToken);
}
