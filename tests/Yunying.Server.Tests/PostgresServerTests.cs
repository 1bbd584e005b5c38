using System.Net;
using System.Net.Http.Json;
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

    [Fact]
    public async Task InsightsAndDashboards_OnPostgres_KeepTheirTilesInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        cluster.Require();
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.UniqueName("insights"), ct);
        var settings = new Dictionary<string, string?> { ["Yunying:Database"] = cluster.ConnectionStringFor(database) };
        await using var server = await RunningServer.StartAsync(settings, ct);
        using var owner = server.CreateClient(await ApiClient.TokenForAsync(server, server.Owner.UserName, server.Owner.Password, ct));
        var project = (await ApiClient.CreateProjectAsync(owner, "Saved insights", ct)).GetProperty("id").GetString();

        async Task<string> InsightAsync(string name)
        {
            var created = await owner.PostAsJsonAsync($"/api/projects/{project}/insights", new { name, query = new { kind = "trends", series = new[] { new { @event = name } } } }, ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            return (await created.ReadJsonAsync(ct)).GetProperty("id").GetString()!;
        }

        var first = await InsightAsync("signup");
        var second = await InsightAsync("purchase");
        var third = await InsightAsync("share");
        var dashboard = await owner.PostAsJsonAsync(
            $"/api/projects/{project}/dashboards",
            new { name = "Growth", dateRange = new { from = "-14d" }, tiles = new object[] { new { insightId = third, width = 2 }, new { insightId = first }, new { insightId = second } } },
            ct);
        Assert.Equal(HttpStatusCode.Created, dashboard.StatusCode);
        var id = (await dashboard.ReadJsonAsync(ct)).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/projects/{project}/insights/{first}", ct)).StatusCode);

        var stored = await (await owner.GetAsync($"/api/projects/{project}/dashboards/{id}", ct)).ReadJsonAsync(ct);
        var tiles = stored.GetProperty("tiles").EnumerateArray().Select(t => (t.GetProperty("insightId").GetString(), t.GetProperty("width").GetInt32())).ToArray();
        Assert.Equal([(third, 2), (second, 1)], tiles);
        Assert.Equal("-14d", stored.GetProperty("dateRange").GetProperty("from").GetString());
        var results = await (await owner.GetAsync($"/api/projects/{project}/dashboards/{id}/results", ct)).ReadJsonAsync(ct);
        Assert.Equal(2, results.GetProperty("tiles").GetArrayLength());
    }
}
