using System.Net;
using System.Net.Http.Json;
using System.Text;
using Yunying.Testing;

namespace Yunying.Server.Tests;

/// <summary>Bad input gets RFC 7807 problem details, and nothing already accepted is lost.</summary>
public sealed class ProblemDetailsTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _server = await RunningServer.StartAsync(new Dictionary<string, string?> { ["Yunying:MaxRequestBodyBytes"] = "4096" }, ct);
        _client = _server.CreateClient(await ApiClient.TokenForAsync(_server, _server.Owner.UserName, _server.Owner.Password, ct));
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task CreateProject_MalformedJson_Returns400ProblemDetails()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await _client.PostAsync("/api/projects", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CreateProject_InvalidTimeZone_NamesTheFieldAndCode()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await _client.PostAsJsonAsync("/api/projects", new { name = "x", timeZone = "Mars/Olympus" }, ct);
        var problem = await response.ReadJsonAsync(ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("project.time_zone_invalid", problem.GetProperty("code").GetString());
        Assert.Equal("urn:yunying:problem:project.time_zone_invalid", problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("timeZone", out _));
    }

    [Fact]
    public async Task CreateProject_BodyOverTheLimit_Returns413AndKeepsEarlierProjects()
    {
        var ct = TestContext.Current.CancellationToken;
        var kept = await ApiClient.CreateProjectAsync(_client, "Accepted before", ct);

        var response = await _client.PostAsJsonAsync("/api/projects", new { name = new string('x', 10_000) }, ct);
        var list = await (await _client.GetAsync("/api/projects", ct)).ReadJsonAsync(ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains(list.EnumerateArray(), p => p.GetProperty("id").GetString() == kept.GetProperty("id").GetString());
    }

    [Fact]
    public async Task SetMember_UnknownRole_Returns400WithRoleNames()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await _client.PutAsJsonAsync($"/api/projects/{_server.Owner.ProjectId}/members/admin", new { role = "emperor" }, ct);
        var problem = await response.ReadJsonAsync(ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("analyst", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task DemoteLastOwner_Returns409()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await _client.PutAsJsonAsync($"/api/projects/{_server.Owner.ProjectId}/members/admin", new { role = "viewer" }, ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("member.last_owner", (await response.ReadJsonAsync(ct)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task UnknownProject_Returns404ProblemDetails()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await _client.GetAsync($"/api/projects/{Guid.NewGuid()}", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UpdateProject_ChangesAreReadBack()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await _client.PatchAsJsonAsync($"/api/projects/{_server.Owner.ProjectId}", new { name = "Renamed", timeZone = "America/New_York", currency = "USD" }, ct);
        var read = await (await _client.GetAsync($"/api/projects/{_server.Owner.ProjectId}", ct)).ReadJsonAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Renamed", read.GetProperty("name").GetString());
        Assert.Equal("America/New_York", read.GetProperty("timeZone").GetString());
        Assert.Equal("USD", read.GetProperty("currency").GetString());
    }
}
