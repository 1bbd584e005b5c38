using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Yunying.Analytics.Tests;

/// <summary>Capture endpoints over HTTP through the real host, with a recording sink.</summary>
public sealed class CaptureHttpTests
{
    [Fact]
    public async Task Batch_RecordedPostHogNodeBodyGzipped_Accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "posthog-node-batch.json")).Replace("\"key1\"", $"\"{server.WriteKey}\"", StringComparison.Ordinal);
        using var content = new ByteArrayContent(Gzip(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await client.PostAsync("/batch/", content, ct);

        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var answer = JsonNode.Parse(body)!;
        Assert.Equal(1, answer["status"]!.GetValue<int>());
        Assert.Equal(5, answer["accepted"]!.GetValue<int>());
        Assert.Equal(5, answer["rejected"]![0]!["index"]!.GetValue<int>());
        Assert.Equal(5, server.Sink.Events.Count);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
