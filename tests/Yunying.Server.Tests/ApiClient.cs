using System.Net.Http.Json;
using System.Text.Json;
using Yunying.Testing;

namespace Yunying.Server.Tests;

/// <summary>Small helpers over the admin API, so tests read as the steps a script would take.</summary>
public static class ApiClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Signs in with a password and returns a personal token made through the API.</summary>
    public static async Task<string> TokenForAsync(RunningServer server, string userName, string password, CancellationToken cancellationToken)
    {
        using var session = server.CreateClient();
        var login = await session.PostAsJsonAsync("/api/auth/login", new { userName, password }, cancellationToken);
        login.EnsureSuccessStatusCode();
        var created = await session.PostAsJsonAsync("/api/tokens", new { name = "test" }, cancellationToken);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("token").GetString()!;
    }

    /// <summary>Creates an operator through the admin API with an administrator's token.</summary>
    public static async Task CreateOperatorAsync(HttpClient admin, string userName, string password, CancellationToken cancellationToken)
    {
        var response = await admin.PostAsJsonAsync("/api/operators", new { userName, password }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public static async Task<JsonElement> CreateProjectAsync(HttpClient client, string name, CancellationToken cancellationToken)
    {
        var response = await client.PostAsJsonAsync("/api/projects", new { name }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
}
