using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Yunying.Analytics.Demo;

/// <summary>
/// Pieces of the demo events' properties JSON, encoded once by <see cref="Utf8JsonWriter"/> so the
/// generator only copies bytes: every object starts with the user's channel, platform, city and app
/// version, then has at most a few members that depend on the kind of event.
/// </summary>
internal static class DemoFragments
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private static readonly JsonEncodedText UtmSource = JsonEncodedText.Encode("utm_source");
    private static readonly JsonEncodedText Platform = JsonEncodedText.Encode("platform");
    private static readonly JsonEncodedText City = JsonEncodedText.Encode("city");
    private static readonly JsonEncodedText AppVersion = JsonEncodedText.Encode("app_version");
    private static readonly JsonEncodedText Pathname = JsonEncodedText.Encode("$pathname");
    private static readonly JsonEncodedText Amount = JsonEncodedText.Encode("amount");
    private static readonly JsonEncodedText ProductId = JsonEncodedText.Encode("product_id");
    private static readonly JsonEncodedText Currency = JsonEncodedText.Encode("currency");
    private static readonly JsonEncodedText Cny = JsonEncodedText.Encode("CNY");
    private static readonly JsonEncodedText AnonDistinctId = JsonEncodedText.Encode("$anon_distinct_id");
    private static readonly JsonEncodedText Set = JsonEncodedText.Encode("$set");
    private static readonly JsonEncodedText SetOnce = JsonEncodedText.Encode("$set_once");
    private static readonly JsonEncodedText InitialUtmSource = JsonEncodedText.Encode("initial_utm_source");
    private static readonly JsonEncodedText Streak = JsonEncodedText.Encode("streak");

    /// <summary><c>,"$pathname":"/home"</c> for each path of <see cref="DemoCatalog.Paths"/>.</summary>
    public static readonly byte[][] Paths = [.. DemoCatalog.Paths.Select(p => Members(w => w.WriteString(Pathname, p)))];

    /// <summary><c>,"amount":30,"product_id":"vip_month","currency":"CNY"</c> for each product.</summary>
    public static readonly byte[][] Purchases = [.. Enumerable.Range(0, DemoCatalog.ProductIds.Length).Select(i => Members(w =>
    {
        w.WriteNumber(Amount, DemoCatalog.ProductPrices[i]);
        w.WriteString(ProductId, DemoCatalog.ProductIds[i]);
        w.WriteString(Currency, Cny);
    }))];

    /// <summary><c>"2.3.0"</c>: the app version of each release (see <see cref="DemoCatalog.AppVersion"/>).</summary>
    public static readonly byte[][] Versions = [.. Enumerable.Range(0, DemoCatalog.VersionCount).Select(i => StringValue(DemoCatalog.AppVersion(i)))];

    /// <summary><c>,"streak":</c> (the number follows).</summary>
    public static readonly byte[] StreakKey = Key(Streak);

    /// <summary><c>,"$anon_distinct_id":</c> (the string follows).</summary>
    public static readonly byte[] AnonDistinctIdKey = Key(AnonDistinctId);

    /// <summary>The opening of every object: <c>{"utm_source":"wechat","platform":"ios","city":"上海","app_version":</c>.</summary>
    public static byte[] Opening(DemoChannel channel, JsonEncodedText platform, JsonEncodedText city)
    {
        var members = Members(w =>
        {
            w.WriteString(UtmSource, channel.Encoded);
            w.WriteString(Platform, platform);
            w.WriteString(City, city);
        });
        members[0] = (byte)'{';
        return [.. members, .. Key(AppVersion)];
    }

    /// <summary>What <c>$identify</c> adds after its anonymous id: <c>,"$set":{…},"$set_once":{…}</c>.</summary>
    public static byte[] IdentifyTail(DemoChannel channel, JsonEncodedText platform, JsonEncodedText city) => Members(w =>
    {
        w.WriteStartObject(Set);
        w.WriteString(Platform, platform);
        w.WriteString(City, city);
        w.WriteEndObject();
        w.WriteStartObject(SetOnce);
        w.WriteString(InitialUtmSource, channel.Encoded);
        w.WriteEndObject();
    });

    /// <summary>A JSON string value (quotes included) as the writer would encode it.</summary>
    public static byte[] StringValue(JsonEncodedText value) => [(byte)'"', .. value.EncodedUtf8Bytes, (byte)'"'];

    /// <summary>The members <paramref name="write"/> writes, as they appear after an earlier member: a comma, then the members.</summary>
    private static byte[] Members(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        var json = buffer.WrittenSpan;
        return [(byte)',', .. json[1..^1]];
    }

    private static byte[] Key(JsonEncodedText name) => [(byte)',', (byte)'"', .. name.EncodedUtf8Bytes, (byte)'"', (byte)':'];
}
