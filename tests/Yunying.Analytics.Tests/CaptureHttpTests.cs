using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Yunying.Analytics.Capture;
using Yunying.Events;

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

    [Fact]
    public async Task E_Base64FormBody_Accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();
        var json = $$$"""[{"event":"$pageview","properties":{"token":"{{{server.WriteKey}}}","distinct_id":"web-1","$current_url":"https://shop.example/"}}]""";
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(json)) });

        using var response = await client.PostAsync("/e/?ip=1&_=1700000000000&ver=1.0", form, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var captured = server.Sink.Single("$pageview");
        Assert.Equal("web-1", captured.DistinctId);
        Assert.Equal("https://shop.example/", captured.Properties["$current_url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Capture_MalformedJson_Answers400ProblemDetails()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();

        using var response = await client.PostAsync("/capture/", CaptureServer.Json("{\"event\": "), ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "capture.malformed", ct);
        Assert.Empty(server.Sink.Events);
    }

    [Theory]
    [InlineData("/batch/")]
    [InlineData("/v1/batch")]
    [InlineData("/api/capture")]
    public async Task Capture_UnknownKey_Answers401ProblemDetails(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();
        var body = """{"api_key":"nope","writeKey":"nope","batch":[{"type":"track","event":"e","distinct_id":"u","userId":"u"}],"events":[{"event":"e","distinctId":"u"}]}""";

        using var response = await client.PostAsync(path, CaptureServer.Json(body), ct);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "capture.unknown_key", ct);
    }

    [Fact]
    public async Task Capture_MissingKey_Answers401ProblemDetails()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();

        using var response = await client.PostAsync("/capture/", CaptureServer.Json("""{"event":"e","distinct_id":"u"}"""), ct);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "capture.missing_key", ct);
    }

    [Fact]
    public async Task Batch_BodyOverRequestLimit_Answers413AndServerKeepsServing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);

        // Wait for the server's answer to Expect: 100-continue however loaded the machine is: after the default
        // 1 s the client would send the body anyway, and the server's early 413 would cut it off (a broken pipe).
        using var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(2) }) { BaseAddress = server.Server.BaseAddress };
        var big = new string('x', 21 * 1024 * 1024);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/batch/")
        {
            Content = CaptureServer.Json($$$"""{"api_key":"{{{server.WriteKey}}}","batch":[{"event":"e","distinct_id":"u","properties":{"p":"{{{big}}}"}}]}"""),
        };

        // With 100-continue the server refuses by Content-Length before the body is sent, as real clients see it.
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request, ct);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "capture.too_large", ct);
        using var another = server.CreateClient();
        using var next = await another.PostAsync("/batch/", CaptureServer.Json($$"""{"api_key":"{{server.WriteKey}}","batch":[{"event":"e","distinct_id":"u"}]}"""), ct);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Batch_GzipBombOverLimitOnceInflated_Answers413()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();
        var bomb = Gzip(new byte[64 * 1024 * 1024]); // 64 MB of zeros is ~64 KB gzipped
        using var content = new ByteArrayContent(bomb);
        content.Headers.ContentType = new("application/json");

        using var response = await client.PostAsync("/batch/?compression=gzip-js", content, ct);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "capture.too_large", ct);
    }

    [Fact]
    public async Task Batch_OneEventOverEventLimit_OthersAccepted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();
        var big = new string('x', 1024 * 1024 + 1);
        var body = $$$"""{"api_key":"{{{server.WriteKey}}}","batch":[{"event":"small","distinct_id":"u"},{"event":"huge","distinct_id":"u","properties":{"p":"{{{big}}}"}}]}""";

        using var response = await client.PostAsync("/batch/", CaptureServer.Json(body), ct);

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, answer["accepted"]!.GetValue<int>());
        Assert.Equal(1, answer["rejected"]![0]!["index"]!.GetValue<int>());
        Assert.Contains("limit", answer["rejected"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal("small", Assert.Single(server.Sink.Events).Event);
    }

    [Fact]
    public async Task Batch_ReservedDistinctId_OthersAcceptedAndRejectionReported()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();
        var body = $$"""{"api_key":"{{server.WriteKey}}","batch":[{"event":"a","distinct_id":"u1"},{"event":"b","distinct_id":"Anonymous"},{"event":"c","distinct_id":42}]}""";

        using var response = await client.PostAsync("/batch/", CaptureServer.Json(body), ct);

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal(2, answer["accepted"]!.GetValue<int>());
        var rejected = Assert.Single(answer["rejected"]!.AsArray());
        Assert.Equal(1, rejected!["index"]!.GetValue<int>());
        Assert.Contains("placeholder", rejected["reason"]!.GetValue<string>());
        Assert.Equal(["u1", "42"], server.Sink.Events.Select(e => e.DistinctId));
    }

    [Fact]
    public async Task Batch_EveryEventRejected_Answers400WithReasons()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();

        using var response = await client.PostAsync("/batch/", CaptureServer.Json($$"""{"api_key":"{{server.WriteKey}}","batch":[{"event":"a","distinct_id":"null"}]}"""), ct);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "capture.malformed", ct);
        Assert.Equal(0, problem["rejected"]![0]!["index"]!.GetValue<int>());
    }

    [Fact]
    public async Task Capture_TimestampDaysAhead_TakesReceiveTime()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();
        var future = DateTimeOffset.UtcNow.AddDays(2).ToString("O");
        var before = DateTimeOffset.UtcNow;

        using var response = await client.PostAsync("/capture/", CaptureServer.Json($$"""{"api_key":"{{server.WriteKey}}","event":"e","distinct_id":"u","timestamp":"{{future}}"}"""), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var captured = Assert.Single(server.Sink.Events);
        Assert.Equal(captured.ReceivedAt, captured.Timestamp);
        Assert.InRange(captured.ReceivedAt, before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Capture_SentAtFromFastClock_CorrectsTimestamp()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();
        var clientNow = DateTimeOffset.UtcNow.AddHours(5); // the device's clock is five hours fast
        var body = $$"""{"api_key":"{{server.WriteKey}}","sent_at":"{{clientNow:O}}","batch":[{"event":"e","distinct_id":"u","timestamp":"{{clientNow.AddMinutes(-10):O}}"}]}""";

        using var response = await client.PostAsync("/batch/", CaptureServer.Json(body), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var captured = Assert.Single(server.Sink.Events);
        Assert.InRange(captured.Timestamp, captured.ReceivedAt.AddMinutes(-10).AddSeconds(-5), captured.ReceivedAt.AddMinutes(-10).AddSeconds(5));
    }

    [Fact]
    public async Task Capture_SinkUnavailable_Answers503AndNothingIsAcknowledged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct, recordingSink: false, sink: new StorageNotEnabledSink());
        using var client = server.CreateClient();

        using var response = await client.PostAsync("/capture/", CaptureServer.Json($$"""{"api_key":"{{server.WriteKey}}","event":"e","distinct_id":"u"}"""), ct);

        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "capture.unavailable", ct);
        Assert.Contains("not enabled", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Batch_HostsOwnSink_StoredInEmbeddedEngineOnceWithPersonAndIdentityData()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct, recordingSink: false);
        using var client = server.CreateClient();
        var uuid = Guid.NewGuid();
        var body = $$$"""
            {"api_key":"{{{server.WriteKey}}}","batch":[
              {"event":"purchase","distinct_id":"user-1","uuid":"{{{uuid}}}","timestamp":"2026-11-01T08:00:00Z","properties":{"amount":99.5,"vip":true,"$set":{"city":"Hangzhou"} } },
              {"event":"purchase","distinct_id":"user-1","uuid":"{{{uuid}}}","timestamp":"2026-11-01T08:00:00Z","properties":{"amount":99.5}},
              {"event":"$identify","distinct_id":"user-1","properties":{"$anon_distinct_id":"anon-9"}}]}
            """;

        using var response = await client.PostAsync("/batch/", CaptureServer.Json(body), ct);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        var store = server.Server.Services.GetRequiredService<EventStore>();
        var stored = new List<ExportedEvent>();
        await foreach (var e in store.ReadAllAsync(server.ProjectId, ct))
        {
            stored.Add(e);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, answer["accepted"]!.GetValue<int>());
        Assert.Equal(1, answer["duplicates"]!.GetValue<int>());
        var purchase = Assert.Single(stored, e => e.Event == "purchase");
        Assert.Equal(uuid, purchase.Uuid);
        Assert.Equal(EventRecord.ToMicros(DateTimeOffset.Parse("2026-11-01T08:00:00Z", CultureInfo.InvariantCulture)), purchase.TimestampMicros);
        var properties = JsonNode.Parse(purchase.PropertiesJson)!;
        Assert.Equal(99.5, properties["amount"]!.GetValue<double>());
        Assert.True(properties["vip"]!.GetValue<bool>());
        Assert.Equal("posthog", properties["$capture_source"]!.GetValue<string>());
        var identify = Assert.Single(stored, e => e.Event == "$identify");
        Assert.Equal("anon-9", JsonNode.Parse(identify.PropertiesJson)!["$anon_distinct_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Native_BatchWithBasicAuth_AcceptsAndCountsDuplicates()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();
        var body = """
            {"events":[
              {"uuid":"order-77","event":"purchase","distinctId":"u1","timestamp":"2026-01-02T03:04:05Z","properties":{"amount":3.5,"ok":true,"tags":["a"]},"set":{"vip":true},"setOnce":{"first":"x"}},
              {"uuid":"order-77","event":"purchase","distinctId":"u1"},
              {"event":"login","distinctId":"u1","previousId":"anon-1"}]}
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/capture") { Content = CaptureServer.Json(body) };
        request.Headers.Authorization = CaptureServer.Basic(server.WriteKey);

        using var response = await client.SendAsync(request, ct);

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((2, 1), (answer["accepted"]!.GetValue<int>(), answer["duplicates"]!.GetValue<int>()));
        var purchase = server.Sink.Single("purchase");
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), purchase.Timestamp);
        Assert.True(purchase.Set!["vip"]!.GetValue<bool>());
        Assert.Equal(CaptureSource.Native, purchase.Source);
        Assert.Equal("anon-1", server.Sink.Single("login").Identity!.PreviousId);
    }

    [Fact]
    public async Task Segment_SingleTrackWithBasicAuthAndGzip_Accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();
        using var content = new ByteArrayContent(Gzip(Encoding.UTF8.GetBytes("""{"event":"Signed Up","anonymousId":"a-1","messageId":"6b3a7b0e-52a4-4d55-8f0a-6a9f2f3c1d11","properties":{"plan":"free"}}""")));
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/track") { Content = content };
        request.Headers.Authorization = CaptureServer.Basic(server.WriteKey);

        using var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["success"]!.GetValue<bool>());
        var captured = server.Sink.Single("Signed Up");
        Assert.Equal(("a-1", Guid.Parse("6b3a7b0e-52a4-4d55-8f0a-6a9f2f3c1d11")), (captured.DistinctId, captured.Uuid));
    }

    [Fact]
    public async Task SensorsBeacon_GetWithBase64Data_AnswersGif()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"type":"track","event":"$pageview","distinct_id":"w-1","time":1700000000000,"properties":{"$url":"https://x/"}}"""));

        using var response = await client.GetAsync($"/sa.gif?project=default&token={server.WriteKey}&data={Uri.EscapeDataString(data)}", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/gif", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("w-1", server.Sink.Single("$pageview").DistinctId);
    }

    [Fact]
    public async Task CapturePreflight_FromAnyOrigin_AllowsPost()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/e/");
        request.Headers.Add("Origin", "https://shop.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
    }

    [Fact]
    public async Task AdminApiPreflight_FromOtherOrigin_GetsNoCorsHeaders()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/projects");
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");

        using var response = await client.SendAsync(request, ct);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/decide/?v=3")]
    [InlineData("/flags/?v=2")]
    public async Task Decide_PostHogJsStart_AnswersNoFlagsNoRecording(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();

        using var response = await client.PostAsync(path, CaptureServer.Json("""{"token":"k","distinct_id":"d"}"""), ct);

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(answer["sessionRecording"]!.GetValue<bool>());
        Assert.Empty(answer["featureFlags"]!.AsObject());
        Assert.Contains("gzip-js", answer["supportedCompression"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task RemoteConfig_PostHogJsStartFromOtherOrigin_AnswersNoFlagsGzipWithCors()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/array/{server.WriteKey}/config");
        request.Headers.Add("Origin", "https://shop.example");

        using var response = await client.SendAsync(request, ct);

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(server.WriteKey, answer["token"]!.GetValue<string>());
        Assert.False(answer["hasFeatureFlags"]!.GetValue<bool>());
        Assert.False(answer["sessionRecording"]!.GetValue<bool>());
        Assert.Contains("gzip-js", answer["supportedCompression"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task RemoteConfigScript_TokenWithMarkup_FiledUnderEscapedToken()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CaptureServer.StartAsync(ct);
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/array/" + Uri.EscapeDataString("k<script>'\"") + "/config.js", ct);

        var script = await response.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("window._POSTHOG_REMOTE_CONFIG[\"k\\u003Cscript\\u003E\\u0027\\u0022\"] = {\"config\":{", script, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", script, StringComparison.Ordinal);
        Assert.Contains("\"hasFeatureFlags\":false", script, StringComparison.Ordinal);
    }

    private static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(code, problem["code"]!.GetValue<string>());
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        return problem;
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
