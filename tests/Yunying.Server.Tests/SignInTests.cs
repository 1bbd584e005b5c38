using System.Net;
using System.Net.Http.Json;
using Yunying.Testing;

namespace Yunying.Server.Tests;

public sealed class SignInTests
{
    [Fact]
    public async Task Login_RightPassword_SessionReachesApiUntilLogout()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.StartAsync(cancellationToken: ct);
        using var session = server.CreateClient();

        var login = await session.PostAsJsonAsync("/api/auth/login", new { userName = "ADMIN", password = server.Owner.Password }, ct);
        var me = await (await session.GetAsync("/api/me", ct)).ReadJsonAsync(ct);
        await session.PostAsync("/api/auth/logout", null, ct);
        var afterLogout = await session.GetAsync("/api/me", ct);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("yunying.session=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("admin", me.GetProperty("userName").GetString());
        Assert.True(me.GetProperty("isAdministrator").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.StatusCode);
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LocksEvenTheRightPassword()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.StartAsync(cancellationToken: ct);
        using var client = server.CreateClient();

        var failures = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            failures.Add((await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "wrong-password" }, ct)).StatusCode);
        }

        var locked = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = server.Owner.Password }, ct);
        var problem = await locked.ReadJsonAsync(ct);

        Assert.All(failures, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal("auth.locked_out", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Login_UnknownUserAndWrongPassword_GiveTheSameAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.StartAsync(cancellationToken: ct);
        using var client = server.CreateClient();

        var unknown = await (await client.PostAsJsonAsync("/api/auth/login", new { userName = "nobody", password = "whatever-123" }, ct)).ReadJsonAsync(ct);
        var wrong = await (await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "whatever-123" }, ct)).ReadJsonAsync(ct);

        Assert.Equal(unknown.GetProperty("code").GetString(), wrong.GetProperty("code").GetString());
        Assert.Equal(unknown.GetProperty("detail").GetString(), wrong.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Login_MoreAttemptsThanTheRateLimit_Returns429ProblemDetails()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?> { ["Yunying:LoginAttemptsPerMinute"] = "3" }, ct);
        using var client = server.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/auth/login", new { userName = $"user{i}", password = "whatever-123" }, ct)).StatusCode);
        }

        var last = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = server.Owner.Password }, ct);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
    }
}
