using System.Net;
using Yunying.Testing;

namespace Yunying.Server.Tests;

/// <summary>The same server flow on PostgreSQL: a throw-away cluster started from the machine's binaries.</summary>
public sealed class PostgresServerTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Server_OnPostgres_MigratesBootstrapsAndIsolatesProjects()
    {
        var ct = TestContext.Current.CancellationToken;
        cluster.Require();
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.UniqueName("server"), ct);
        var settings = new Dictionary<string, string?> { ["Yunying:Database"] = cluster.ConnectionStringFor(database) };
        await using var server = await RunningServer.StartAsync(settings, ct);
        using var owner = server.CreateClient(await ApiClient.TokenForAsync(server, server.Owner.UserName, server.Owner.Password, ct));
        await ApiClient.CreateOperatorAsync(owner, "carol", "carol-password-1", ct);
        using var carol = server.CreateClient(await ApiClient.TokenForAsync(server, "carol", "carol-password-1", ct));

        var ready = await (await owner.GetAsync("/readyz", ct)).ReadJsonAsync(ct);
        var created = await ApiClient.CreateProjectAsync(owner, "On PostgreSQL", ct);
        var carolsView = await carol.GetAsync($"/api/projects/{created.GetProperty("id").GetString()}", ct);
        var ownersList = await (await owner.GetAsync("/api/projects", ct)).ReadJsonAsync(ct);

        Assert.Equal("postgres", ready.GetProperty("stateStore").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, carolsView.StatusCode);
        Assert.Equal(2, ownersList.GetArrayLength());
    }
}
