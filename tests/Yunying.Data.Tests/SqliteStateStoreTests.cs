using Microsoft.Data.Sqlite;
using Yunying.Data.Sqlite;

namespace Yunying.Data.Tests;

/// <summary>The state store contract on SQLite: each test gets database files of its own in a temporary folder.</summary>
public sealed class SqliteStateStoreTests : StateStoreContract
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("yunying-sqlite-");
    private readonly List<string> _connectionStrings = [];

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the files open; only this test's pools are cleared, as other tests run alongside.
        foreach (var connectionString in _connectionStrings)
        {
            using var connection = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(connection);
        }

        _folder.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    protected override Task<IStateStoreProvider> CreateEmptyStoreAsync(CancellationToken cancellationToken)
    {
        // The production path: a data directory with yunying.db in it.
        var dataDirectory = Path.Combine(_folder.FullName, $"data{_connectionStrings.Count}");
        var store = SqliteStateStore.InDataDirectory(dataDirectory);
        _connectionStrings.Add(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "yunying.db"),
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        }.ToString());
        return Task.FromResult<IStateStoreProvider>(store);
    }

    protected override Task<IReadOnlyList<string>> DescribeSchemaAsync(YunyingDbContext db, CancellationToken cancellationToken) =>
        SqliteSchema.DescribeAsync(db, cancellationToken);
}
