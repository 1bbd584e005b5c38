using System.Net;
using Yunying.Testing;

namespace Yunying.Server.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task HealthzAndReadyz_FreshServer_AnswerAliveAndReadyOnSqlite()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.StartAsync(cancellationToken: ct);
        using var client = server.CreateClient();

        var alive = await client.GetAsync("/healthz", ct);
        var ready = await (await client.GetAsync("/readyz", ct)).ReadJsonAsync(ct);

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal("sqlite", ready.GetProperty("stateStore").GetString());
        Assert.True(File.Exists(Path.Combine(server.DataDir, "yunying.db")));
    }

    [Fact]
    public async Task FirstRun_PrintsOneTimePassword_AndSecondStartMakesNoNewAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.StartAsync(cancellationToken: ct);

        Assert.Contains(server.Owner.Password, server.Console);
        Assert.True(server.Owner.Password.Length >= 16);
        await using var other = await RunningServer.StartAsync(cancellationToken: ct);
        Assert.NotEqual(server.Owner.Password, other.Owner.Password);
    }
}
