using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Yunying.Testing;

namespace Yunying.Server.Tests;

/// <summary>
/// Nothing of one project is readable with another project's keys, or by an operator without a role in it.
/// Each test tries, over real HTTP, and expects a refusal.
/// </summary>
public sealed class TenancyIsolationTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private HttpClient _owner = null!;
    private HttpClient _bob = null!;
    private JsonElement _ownerProject;
    private JsonElement _bobProject;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _server = await RunningServer.StartAsync(cancellationToken: ct);
        _owner = _server.CreateClient(await ApiClient.TokenForAsync(_server, _server.Owner.UserName, _server.Owner.Password, ct));
        await ApiClient.CreateOperatorAsync(_owner, "bob", "bob-password-1", ct);
        _bob = _server.CreateClient(await ApiClient.TokenForAsync(_server, "bob", "bob-password-1", ct));
        _ownerProject = await ApiClient.CreateProjectAsync(_owner, "Owner's app", ct);
        _bobProject = await ApiClient.CreateProjectAsync(_bob, "Bob's app", ct);
    }

    public async ValueTask DisposeAsync()
    {
        _owner.Dispose();
        _bob.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ListProjects_WithPersonalToken_ListsOnlyProjectsWithARole()
    {
        var ct = TestContext.Current.CancellationToken;
        var bobs = await (await _bob.GetAsync("/api/projects", ct)).ReadJsonAsync(ct);
        var owners = await (await _owner.GetAsync("/api/projects", ct)).ReadJsonAsync(ct);

        Assert.Equal([Id(_bobProject)], bobs.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        var ownerIds = owners.EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Contains(Id(_ownerProject), ownerIds);
        Assert.Contains(_server.Owner.ProjectId.ToString(), ownerIds);
        Assert.DoesNotContain(Id(_bobProject), ownerIds);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/members")]
    [InlineData("PATCH", "")]
    [InlineData("POST", "/write-key/rotate")]
    [InlineData("POST", "/secret-key/rotate")]
    [InlineData("PUT", "/members/bob")]
    public async Task ProjectEndpoints_OperatorWithoutRole_Returns403(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/projects/{Id(_ownerProject)}{path}")
        {
            Content = JsonContent.Create(new { name = "taken over", role = "owner" }),
        };

        var response = await _bob.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.DoesNotContain(_ownerProject.GetProperty("writeKey").GetString()!, body);
    }

    [Fact]
    public async Task GetProject_WithAnotherProjectsSecretKey_Returns403()
    {
        var ct = TestContext.Current.CancellationToken;
        using var bobsBackend = _server.CreateClient(_bobProject.GetProperty("secretKey").GetString());

        var response = await bobsBackend.GetAsync($"/api/projects/{Id(_ownerProject)}", ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task SecretKey_OwnProject_ReadsButCannotManage()
    {
        var ct = TestContext.Current.CancellationToken;
        using var backend = _server.CreateClient(_bobProject.GetProperty("secretKey").GetString());

        var read = await backend.GetAsync($"/api/projects/{Id(_bobProject)}", ct);
        var list = await (await backend.GetAsync("/api/projects", ct)).ReadJsonAsync(ct);
        var rotate = await backend.PostAsync($"/api/projects/{Id(_bobProject)}/write-key/rotate", null, ct);
        var tokens = await backend.GetAsync("/api/tokens", ct);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal([Id(_bobProject)], list.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, rotate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tokens.StatusCode);
    }

    [Fact]
    public async Task RotatedSecretKey_OldKey_Returns401()
    {
        var ct = TestContext.Current.CancellationToken;
        var oldKey = _bobProject.GetProperty("secretKey").GetString();
        var rotated = await (await _bob.PostAsync($"/api/projects/{Id(_bobProject)}/secret-key/rotate", null, ct)).ReadJsonAsync(ct);
        using var oldBackend = _server.CreateClient(oldKey);
        using var newBackend = _server.CreateClient(rotated.GetProperty("secretKey").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, (await oldBackend.GetAsync($"/api/projects/{Id(_bobProject)}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newBackend.GetAsync($"/api/projects/{Id(_bobProject)}", ct)).StatusCode);
    }

    [Theory]
    [InlineData("write")]
    [InlineData("garbage")]
    [InlineData("ypt_unknown")]
    public async Task AdminApi_WithWrongCredential_Returns401(string credential)
    {
        var ct = TestContext.Current.CancellationToken;
        var bearer = credential == "write" ? _ownerProject.GetProperty("writeKey").GetString() : credential;
        using var client = _server.CreateClient(bearer);

        var response = await client.GetAsync("/api/projects", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RevokedToken_Returns401()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await (await _bob.PostAsJsonAsync("/api/tokens", new { name = "short-lived" }, ct)).ReadJsonAsync(ct);
        using var client = _server.CreateClient(created.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/projects", ct)).StatusCode);

        var revoke = await _bob.DeleteAsync($"/api/tokens/{created.GetProperty("id").GetString()}", ct);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/projects", ct)).StatusCode);
    }

    [Fact]
    public async Task Members_ViewerRole_CanReadButNotRotate()
    {
        var ct = TestContext.Current.CancellationToken;
        var grant = await _owner.PutAsJsonAsync($"/api/projects/{Id(_ownerProject)}/members/bob", new { role = "viewer" }, ct);
        Assert.Equal(HttpStatusCode.OK, grant.StatusCode);

        var read = await _bob.GetAsync($"/api/projects/{Id(_ownerProject)}", ct);
        var rotate = await _bob.PostAsync($"/api/projects/{Id(_ownerProject)}/write-key/rotate", null, ct);
        var problem = await rotate.ReadJsonAsync(ct);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("viewer", (await read.ReadJsonAsync(ct)).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, rotate.StatusCode);
        Assert.Equal("project.role_insufficient", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task SessionCookie_OfOneOperator_DoesNotReachAnotherOperatorsProject()
    {
        var ct = TestContext.Current.CancellationToken;
        using var session = _server.CreateClient();
        (await session.PostAsJsonAsync("/api/auth/login", new { userName = "bob", password = "bob-password-1" }, ct)).EnsureSuccessStatusCode();

        var mine = await session.GetAsync($"/api/projects/{Id(_bobProject)}", ct);
        var theirs = await session.GetAsync($"/api/projects/{Id(_ownerProject)}", ct);

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, theirs.StatusCode);
    }

    [Fact]
    public async Task BearerHeader_WinsOverSessionCookie()
    {
        var ct = TestContext.Current.CancellationToken;
        using var session = _server.CreateClient();
        (await session.PostAsJsonAsync("/api/auth/login", new { userName = "bob", password = "bob-password-1" }, ct)).EnsureSuccessStatusCode();
        session.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ypt_not_a_real_token");

        var response = await session.GetAsync($"/api/projects/{Id(_bobProject)}", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static string Id(JsonElement project) => project.GetProperty("id").GetString()!;
}
