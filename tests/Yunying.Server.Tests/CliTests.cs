using System.Net;
using System.Text.Json;
using Yunying.Testing;

namespace Yunying.Server.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task ProjectCreateAndTokenCreate_Json_TokenListsProjectsThroughAdminApi()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.StartAsync(cancellationToken: ct);

        var project = await CliRunner.RunAsync(ct, "project", "create", "--data-dir", server.DataDir, "--name", "From the CLI", "--json");
        var token = await CliRunner.RunAsync(ct, "token", "create", "--data-dir", server.DataDir, "--name", "script", "--json");
        Assert.Equal(0, project.ExitCode);
        Assert.Equal(0, token.ExitCode);
        var created = JsonDocument.Parse(project.StandardOutput).RootElement;
        var secret = JsonDocument.Parse(token.StandardOutput).RootElement.GetProperty("token").GetString();

        using var client = server.CreateClient(secret);
        var listed = await (await client.GetAsync("/api/projects", ct)).ReadJsonAsync(ct);

        Assert.StartsWith("ywk_", created.GetProperty("writeKey").GetString());
        Assert.StartsWith("ysk_", created.GetProperty("secretKey").GetString());
        Assert.Contains(listed.EnumerateArray(), p => p.GetProperty("id").GetString() == created.GetProperty("id").GetString()
            && p.GetProperty("name").GetString() == "From the CLI");
    }

    [Fact]
    public async Task TokenCreate_ForOperatorWithoutRole_CannotReadTheProject()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.StartAsync(cancellationToken: ct);
        var user = await CliRunner.RunAsync(ct, "admin", "create-user", "--data-dir", server.DataDir, "--user-name", "dave", "--json");
        var token = await CliRunner.RunAsync(ct, "token", "create", "--data-dir", server.DataDir, "--user", "dave", "--name", "x", "--json");
        Assert.Equal(0, user.ExitCode);
        using var client = server.CreateClient(JsonDocument.Parse(token.StandardOutput).RootElement.GetProperty("token").GetString());

        var response = await client.GetAsync($"/api/projects/{server.Owner.ProjectId}", ct);
        var listed = await (await client.GetAsync("/api/projects", ct)).ReadJsonAsync(ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, listed.GetArrayLength());
    }

    [Fact]
    public async Task AdminCreateUser_GeneratedPassword_SignsIn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.StartAsync(cancellationToken: ct);
        var user = await CliRunner.RunAsync(ct, "admin", "create-user", "--data-dir", server.DataDir, "--user-name", "erin", "--json");
        var password = JsonDocument.Parse(user.StandardOutput).RootElement.GetProperty("password").GetString();

        var token = await ApiClient.TokenForAsync(server, "erin", password!, ct);

        Assert.StartsWith("ypt_", token);
    }

    [Theory]
    [InlineData("project", "create", "--name", "")]
    [InlineData("project", "create", "--name", "ok", "--currency", "XYZ")]
    [InlineData("token", "create", "--name", "t", "--user", "nobody")]
    [InlineData("admin", "create-user", "--user-name", "a b", "--password", "long-enough-1")]
    public async Task BadInput_ExitsNonZeroWithOneReadableLine(params string[] args)
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDir = Path.Combine(Path.GetTempPath(), "yunying-cli-" + Guid.NewGuid().ToString("N"));
        await CliRunner.RunAsync(ct, "admin", "create-user", "--data-dir", dataDir, "--user-name", "root", "--administrator");

        var outcome = await CliRunner.RunAsync(ct, [.. args, "--data-dir", dataDir]);

        Assert.NotEqual(0, outcome.ExitCode);
        var lines = outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task Migrate_FreshDataDir_AppliesTheInitialMigrationOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDir = Path.Combine(Path.GetTempPath(), "yunying-cli-" + Guid.NewGuid().ToString("N"));

        var first = await CliRunner.RunAsync(ct, "migrate", "--data-dir", dataDir, "--json");
        var second = await CliRunner.RunAsync(ct, "migrate", "--data-dir", dataDir, "--json");

        Assert.Equal(0, first.ExitCode);
        var applied = JsonDocument.Parse(first.StandardOutput).RootElement;
        Assert.Equal("sqlite", applied.GetProperty("provider").GetString());
        Assert.Contains(applied.GetProperty("applied").EnumerateArray(), m => m.GetString()!.EndsWith("_Initial", StringComparison.Ordinal));
        Assert.Equal(0, JsonDocument.Parse(second.StandardOutput).RootElement.GetProperty("applied").GetArrayLength());
        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task ProjectList_Json_ShowsEveryProjectOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.StartAsync(cancellationToken: ct);
        await CliRunner.RunAsync(ct, "project", "create", "--data-dir", server.DataDir, "--name", "Second");

        var list = await CliRunner.RunAsync(ct, "project", "list", "--data-dir", server.DataDir, "--json");
        var names = JsonDocument.Parse(list.StandardOutput).RootElement.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();

        Assert.Equal(["My product", "Second"], names);
    }

    [Fact]
    public async Task Serve_UnreachablePostgres_ExitsNonZeroWithOneLine()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort.Next();

        var outcome = await CliRunner.RunAsync(ct, "migrate", "--database", $"Host=127.0.0.1;Port={port};Username=x;Database=y;Timeout=3");

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.StartsWith("error: ", outcome.StandardError);
    }
}
