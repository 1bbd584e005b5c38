using System.Text.Json;
using System.Text.Json.Nodes;
using Yunying.Testing;

namespace Yunying.Server.Tests;

/// <summary>
/// The served OpenAPI document must equal the committed docs/openapi/v1.json, so API changes are
/// reviewed as a diff. Set YUNYING_UPDATE_OPENAPI=1 and run this test to rewrite the committed file.
/// </summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task ServedDocument_EqualsCommittedDocument()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.StartAsync(cancellationToken: ct);
        using var client = server.CreateClient();
        var served = Normalise(await client.GetStringAsync("/openapi/v1.json", ct));
        var committedPath = Path.Combine(Repository.Root, "docs", "openapi", "v1.json");

        if (Environment.GetEnvironmentVariable("YUNYING_UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(committedPath)!);
            await File.WriteAllTextAsync(committedPath, served, ct);
        }

        Assert.True(File.Exists(committedPath), $"{committedPath} is missing; run with YUNYING_UPDATE_OPENAPI=1 to write it.");
        var committed = Normalise(await File.ReadAllTextAsync(committedPath, ct));
        Assert.True(committed == served, "The API changed: review it, then run this test with YUNYING_UPDATE_OPENAPI=1 and commit docs/openapi/v1.json.");
    }

    private static string Normalise(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
}
