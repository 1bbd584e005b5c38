using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Yunying.Analytics.Capture;

namespace Yunying.Analytics.Tests;

/// <summary>Decoders and shared rules on payloads recorded from the real SDKs (Fixtures/) and hand-made edge cases.</summary>
public sealed class DecoderTests
{
    private static readonly CaptureOptions Options = new();
    private static readonly DateTimeOffset ReceivedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PostHogDecode_RecordedPostHogNodeBatch_ReadsKeyEventsAndIdentity()
    {
        var (decoded, failure) = PostHogDecoder.Decode(Request(), Fixture("posthog-node-batch.json"), Options);

        Assert.Null(failure);
        Assert.Equal("key1", decoded!.WriteKey);
        var events = Complete(decoded, CaptureSource.PostHog);
        Assert.Equal(6, events.Count);
        Assert.Equal("ph-user-1", events[0].Event!.DistinctId);
        Assert.Equal(IdentityInstruction.Identify("ph-anon-1"), events[2].Event!.Identity);
        Assert.Equal(IdentityInstruction.Alias("ph-alias-1"), events[3].Event!.Identity);
        Assert.Equal(IdentityKind.GroupIdentify, events[4].Event!.Identity!.Kind);
        Assert.Null(events[5].Event);
        Assert.Contains("placeholder", events[5].Rejection);
    }

    [Fact]
    public void PostHogDecode_SingleEventWithTokenInProperties_TakesKeyAndStripsIt()
    {
        var body = """{"event":"$pageview","properties":{"token":"k","distinct_id":"u1","$current_url":"https://x/"}}""";

        var (decoded, _) = PostHogDecoder.Decode(Request(), Encoding.UTF8.GetBytes(body), Options);

        Assert.Equal("k", decoded!.WriteKey);
        var captured = Assert.Single(Complete(decoded, CaptureSource.PostHog)).Event!;
        Assert.Equal("u1", captured.DistinctId);
        Assert.False(captured.Properties.ContainsKey("token"));
        Assert.Equal("https://x/", captured.Properties["$current_url"]!.GetValue<string>());
    }

    [Fact]
    public void PostHogDecode_FormDataBase64OfGzip_Decodes()
    {
        var json = """[{"event":"clicked","properties":{"token":"k","distinct_id":"u1"}}]""";
        var data = Convert.ToBase64String(Gzip(Encoding.UTF8.GetBytes(json)));
        var body = "data=" + Uri.EscapeDataString(data) + "&compression=gzip-js";

        var (decoded, failure) = PostHogDecoder.Decode(Request("application/x-www-form-urlencoded"), Encoding.UTF8.GetBytes(body), Options);

        Assert.Null(failure);
        Assert.Equal("clicked", Assert.Single(Complete(decoded!, CaptureSource.PostHog)).Event!.Event);
    }

    [Fact]
    public void PostHogDecode_FormWithUnescapedPlus_RepairsBase64()
    {
        // '+' left unescaped in a form turns into ' '; base64 of this JSON contains '+'.
        var json = """{"event":"ü>?","distinct_id":"u1","api_key":"k"}""";
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
        Assert.Contains('+', data + "+"); // the repair path is exercised whenever the encoding has one

        var (decoded, failure) = PostHogDecoder.Decode(Request("application/x-www-form-urlencoded"), Encoding.UTF8.GetBytes("data=" + data), Options);

        Assert.Null(failure);
        Assert.Equal("ü>?", Assert.Single(Complete(decoded!, CaptureSource.PostHog)).Event!.Event);
    }

    [Fact]
    public void PostHogDecode_Lz64_AnswersMalformedWithReason()
    {
        var (_, failure) = PostHogDecoder.Decode(Request("application/x-www-form-urlencoded"), Encoding.UTF8.GetBytes("data=abc&compression=lz64"), Options);

        Assert.Equal(StatusCodes.Status400BadRequest, failure!.Status);
        Assert.Contains("lz64", failure.Detail);
    }

    [Fact]
    public void PostHogDecode_TopLevelSetWinsOverPropertiesSet()
    {
        var body = """{"api_key":"k","batch":[{"event":"e","distinct_id":"u","$set":{"a":2},"properties":{"$set":{"a":1,"b":true},"$set_once":{"c":1},"$unset":["d"]}}]}""";

        var (decoded, _) = PostHogDecoder.Decode(Request(), Encoding.UTF8.GetBytes(body), Options);

        var captured = Assert.Single(Complete(decoded!, CaptureSource.PostHog)).Event!;
        Assert.Equal(2, captured.Set!["a"]!.GetValue<int>());
        Assert.True(captured.Set["b"]!.GetValue<bool>());
        Assert.Equal(1, captured.SetOnce!["c"]!.GetValue<int>());
        Assert.Equal(["d"], captured.Unset);
        Assert.False(captured.Properties.ContainsKey("$set"));
    }

    [Fact]
    public void Complete_IdentifyWithPlaceholderAnonymousId_KeepsEventWithoutMerge()
    {
        var body = """{"api_key":"k","batch":[{"event":"$identify","distinct_id":"u","properties":{"$anon_distinct_id":"null"}}]}""";

        var (decoded, _) = PostHogDecoder.Decode(Request(), Encoding.UTF8.GetBytes(body), Options);

        var captured = Assert.Single(Complete(decoded!, CaptureSource.PostHog)).Event!;
        Assert.Null(captured.Identity);
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("NULL")]
    [InlineData("undefined")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("[object Object]")]
    [InlineData("NaN")]
    [InlineData("guest")]
    [InlineData("not_authenticated")]
    [InlineData("  ")]
    [InlineData("")]
    public void DistinctIds_Placeholder_IsRejected(string id) => Assert.NotNull(DistinctIds.Problem(id, 200));

    [Fact]
    public void EventTime_SkewedClientClock_ShiftsBySendDelay()
    {
        // The client's clock is 2 h fast: it sent at 14:00 its time an event from 13:59 its time.
        var draft = new EventDraft { Timestamp = ReceivedAt.AddHours(2).AddMinutes(-1), SentAt = ReceivedAt.AddHours(2) };

        Assert.Equal(ReceivedAt.AddMinutes(-1), CaptureRules.EventTime(draft, ReceivedAt, Options));
    }

    [Fact]
    public void EventTime_Offset_CountsBackFromReceipt()
    {
        var draft = new EventDraft { OffsetMilliseconds = 1500 };

        Assert.Equal(ReceivedAt.AddMilliseconds(-1500), CaptureRules.EventTime(draft, ReceivedAt, Options));
    }

    [Fact]
    public void EventTime_MoreThan23HoursAhead_TakesReceiveTime()
    {
        Assert.Equal(ReceivedAt, CaptureRules.EventTime(new EventDraft { Timestamp = ReceivedAt.AddHours(24) }, ReceivedAt, Options));
        Assert.Equal(ReceivedAt.AddHours(22), CaptureRules.EventTime(new EventDraft { Timestamp = ReceivedAt.AddHours(22) }, ReceivedAt, Options));
    }

    [Fact]
    public void SegmentDecode_BatchContext_MergesUnderItemContext()
    {
        var body = """
            {"writeKey":"k","context":{"library":{"name":"lib","version":"1"},"ip":"1.2.3.4"},"batch":[
              {"type":"track","event":"E","userId":"u","messageId":"m1","context":{"ip":"5.6.7.8"}},
              {"type":"identify","userId":"u","anonymousId":"a","traits":{"n":1}}]}
            """;

        var (decoded, _) = SegmentDecoder.Decode(Request(), Encoding.UTF8.GetBytes(body), "batch");

        var events = Complete(decoded!, CaptureSource.Segment).Select(e => e.Event!).ToList();
        Assert.Equal("5.6.7.8", events[0].Properties["$context"]!["ip"]!.GetValue<string>());
        Assert.Equal("lib", events[0].Library);
        Assert.Equal("1.2.3.4", events[1].Properties["$context"]!["ip"]!.GetValue<string>());
        Assert.Equal(DeterministicGuid.FromMessageId("m1"), events[0].Uuid);
        Assert.Equal(IdentityInstruction.Identify("a"), events[1].Identity);
    }

    [Fact]
    public void SegmentDecode_BasicAuth_IsTheWriteKey()
    {
        var request = Request();
        request.Headers.Authorization = CaptureServer.Basic("seg-key").ToString();

        var (decoded, _) = SegmentDecoder.Decode(request, Encoding.UTF8.GetBytes("""{"event":"E","userId":"u"}"""), "track");

        Assert.Equal("seg-key", decoded!.WriteKey);
    }

    [Fact]
    public void SensorsDecode_PlainBase64DataListWithBindAndDelete_ReadsIdentity()
    {
        var records = """
            [{"type":"track_id_bind","event":"$BindID","distinct_id":"login-1","time":1700000000000,"_track_id":1,
              "identities":{"$identity_login_id":"login-1","$identity_anonymous_id":"anon-9"},"properties":{}},
             {"type":"profile_delete","distinct_id":"login-1","time":1700000000001,"properties":{}},
             {"type":"item_set","item_type":"book","item_id":"1","properties":{}}]
            """;
        var body = "data_list=" + Uri.EscapeDataString(Convert.ToBase64String(Encoding.UTF8.GetBytes(records))) + "&gzip=0";
        var request = Request("application/x-www-form-urlencoded");
        request.QueryString = new QueryString("?project=default&token=t1");

        var (decoded, failure) = SensorsDecoder.Decode(request, Encoding.UTF8.GetBytes(body), Options);

        Assert.Null(failure);
        Assert.Equal("t1", decoded!.WriteKey);
        var events = Complete(decoded, CaptureSource.Sensors);
        Assert.Equal(IdentityKind.Bind, events[0].Event!.Identity!.Kind);
        Assert.Equal("anon-9", events[0].Event!.Identity!.Identities!["$identity_anonymous_id"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), events[0].Event!.Timestamp);
        Assert.Equal(IdentityKind.DeleteProfile, events[1].Event!.Identity!.Kind);
        Assert.Contains("item_set", events[2].Rejection);
    }

    [Fact]
    public void SensorsDecode_SameRecordTwice_GetsSameUuid()
    {
        var record = """{"type":"track","event":"E","distinct_id":"u","time":1700000000000,"_track_id":42,"properties":{}}""";
        var request = Request();
        request.QueryString = new QueryString("?project=p");

        var first = Complete(SensorsDecoder.Decode(request, Encoding.UTF8.GetBytes(record), Options).Request!, CaptureSource.Sensors);
        var second = Complete(SensorsDecoder.Decode(request, Encoding.UTF8.GetBytes(record), Options).Request!, CaptureSource.Sensors);

        Assert.Equal(first[0].Event!.Uuid, second[0].Event!.Uuid);
        Assert.Equal("p", SensorsDecoder.Decode(request, Encoding.UTF8.GetBytes(record), Options).Request!.WriteKey);
    }

    [Fact]
    public void SensorsDecode_FlushTime_CorrectsSkew()
    {
        var record = """{"type":"track","event":"E","distinct_id":"u","time":1700000000000,"_flush_time":1700000060000,"properties":{}}""";
        var request = Request();
        request.QueryString = new QueryString("?token=t");

        var captured = Complete(SensorsDecoder.Decode(request, Encoding.UTF8.GetBytes(record), Options).Request!, CaptureSource.Sensors)[0].Event!;

        Assert.Equal(ReceivedAt.AddMinutes(-1), captured.Timestamp);
    }

    [Fact]
    public void DeterministicGuid_SameName_SameVersion5Uuid()
    {
        var a = DeterministicGuid.From("node-next-123");

        Assert.Equal(a, DeterministicGuid.From("node-next-123"));
        Assert.NotEqual(a, DeterministicGuid.From("node-next-124"));
        Assert.Equal(5, a.Version);
    }

    private static List<(CapturedEvent? Event, string? Rejection)> Complete(DecodedRequest decoded, CaptureSource source) =>
        decoded.Drafts.Select(d => CaptureRules.Complete(d, source, ReceivedAt, Options)).ToList();

    private static HttpRequest Request(string contentType = "application/json")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = contentType;
        context.Request.Headers.ContentType = new StringValues(contentType);
        return context.Request;
    }

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
