using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Yunying.Analytics.Capture;

/// <summary>
/// PostHog's capture formats: one event, an array of events, or <c>{"api_key", "batch": [...]}</c>; as JSON,
/// gzip, or a form field <c>data</c> holding base64 (optionally of gzip) the way posthog-js sends beacons.
/// </summary>
internal static class PostHogDecoder
{
    public static (DecodedRequest? Request, CaptureFailure? Failure) Decode(HttpRequest request, ReadOnlyMemory<byte> body, CaptureOptions options)
    {
        var (json, failure) = Payload(request, body, options);
        if (failure is not null)
        {
            return (null, failure);
        }

        var root = Json.TryParse(request, json);
        JsonObject? envelope = null;
        JsonArray events;
        var singleEvent = false;
        switch (root)
        {
            case JsonArray array:
                events = array;
                break;
            case JsonObject obj when obj["batch"] is JsonArray batch:
                envelope = obj;
                events = batch;
                break;
            case JsonObject obj when obj["data"] is JsonArray data:
                envelope = obj;
                events = data;
                break;
            case JsonObject obj when obj["data"] is JsonObject:
                envelope = obj;
                events = [Json.Take(obj, "data")];
                break;
            case JsonObject obj:
                envelope = obj;
                events = [];
                singleEvent = true;
                break;
            default:
                return (null, CaptureFailure.Malformed("The body is not PostHog JSON: send an event object, an array of events, or {\"api_key\": …, \"batch\": [...]}."));
        }

        // Read the key before drafting: drafting moves properties (and the token inside them) out of the events.
        var writeKey = WriteKey(request, envelope, events, singleEvent);
        var sentAt = Json.Time(envelope?["sent_at"]);
        var drafts = new List<EventDraft>();
        if (singleEvent)
        {
            drafts.Add(Draft(envelope!, sentAt));
        }
        else
        {
            for (var i = 0; i < events.Count; i++)
            {
                drafts.Add(events[i] is JsonObject e ? Draft(e, sentAt) : new EventDraft { Rejection = "an event is not a JSON object" });
            }
        }

        return (new DecodedRequest(writeKey, drafts), null);
    }

    private static (ReadOnlyMemory<byte> Json, CaptureFailure? Failure) Payload(HttpRequest request, ReadOnlyMemory<byte> body, CaptureOptions options)
    {
        if (!FormBody.IsForm(request, body.Span, "data") && !FormBody.IsForm(request, body.Span, "compression"))
        {
            return (body, null);
        }

        var fields = FormBody.Parse(body.Span);
        var compression = fields.TryGetValue("compression", out var c) ? c.ToString() : request.Query["compression"].ToString();
        if (compression.Equals("lz64", StringComparison.OrdinalIgnoreCase))
        {
            return (default, CaptureFailure.Malformed("compression=lz64 is not supported; let posthog-js use gzip (this server's /decide/ offers gzip-js) or send base64."));
        }

        if (FormBody.Base64(fields.TryGetValue("data", out var data) ? data.ToString() : null) is not { } decoded)
        {
            return (default, CaptureFailure.Malformed("The form field 'data' is missing or is not base64."));
        }

        if (decoded.Length >= 2 && decoded[0] == 0x1F && decoded[1] == 0x8B)
        {
            var (inflated, tooLarge) = CaptureBody.Gunzip(decoded, options.MaxRequestBytes);
            if (inflated is null)
            {
                return (default, tooLarge
                    ? CaptureFailure.TooLarge($"The body is larger than {options.MaxRequestBytes} bytes once decompressed.")
                    : CaptureFailure.Malformed("The form field 'data' holds invalid gzip data."));
            }

            return (inflated, null);
        }

        return (decoded, null);
    }

    private static string? WriteKey(HttpRequest request, JsonObject? envelope, JsonArray events, bool singleEvent)
    {
        var key = Json.Text(envelope, "api_key") ?? Json.Text(envelope, "token")
            ?? (singleEvent ? Json.Text(Json.Object(envelope, "properties"), "token") : null);
        if (key is not null)
        {
            return key;
        }

        foreach (var node in events)
        {
            if (node is JsonObject e && (Json.Text(e, "api_key") ?? Json.Text(e, "token") ?? Json.Text(Json.Object(e, "properties"), "token")) is { } eventKey)
            {
                return eventKey;
            }
        }

        var query = request.Query["api_key"].ToString();
        return query.Length > 0 ? query : request.Query["token"].ToString() is { Length: > 0 } token ? token : null;
    }

    private static EventDraft Draft(JsonObject e, DateTimeOffset? batchSentAt)
    {
        var draft = new EventDraft { Size = Json.Size(e) };
        var properties = Json.Take(e, "properties") as JsonObject ?? [];
        draft.Properties = properties;
        draft.Event = Json.Text(e, "event");
        draft.DistinctId = Json.Text(e, "distinct_id") ?? Json.Text(properties, "distinct_id") ?? Json.Text(e, "$distinct_id");
        properties.Remove("distinct_id");
        properties.Remove("token");

        if (Json.Text(e, "uuid") is { } uuid)
        {
            draft.Uuid = DeterministicGuid.FromMessageId(uuid);
        }

        draft.Timestamp = Json.Time(e["timestamp"]);
        draft.SentAt = Json.Time(e["sent_at"]) ?? batchSentAt;
        draft.OffsetMilliseconds = Json.Integer(e["offset"]);
        draft.Set = Merge(Json.Take(properties, "$set") as JsonObject, Json.Take(e, "$set") as JsonObject);
        draft.SetOnce = Merge(Json.Take(properties, "$set_once") as JsonObject, Json.Take(e, "$set_once") as JsonObject);
        if (Json.Take(properties, "$unset") is JsonArray unset)
        {
            draft.Unset.AddRange(unset.Select(Json.Text).OfType<string>());
        }

        draft.Library = Json.Text(properties, "$lib");
        switch (draft.Event)
        {
            case "$identify" when Json.Text(properties, "$anon_distinct_id") is { } anonymous:
                draft.Identity = IdentityInstruction.Identify(anonymous);
                break;
            case "$create_alias" when Json.Text(properties, "alias") is { } alias:
                draft.Identity = IdentityInstruction.Alias(alias);
                break;
            case "$groupidentify":
                var type = Json.Text(properties, "$group_type");
                var key = Json.Text(properties, "$group_key");
                if (string.IsNullOrWhiteSpace(type) || string.IsNullOrWhiteSpace(key))
                {
                    draft.Rejection = "$groupidentify needs properties $group_type and $group_key";
                    break;
                }

                draft.Identity = IdentityInstruction.Group(type, key, Json.Take(properties, "$group_set") as JsonObject);
                break;
        }

        return draft;
    }

    /// <summary>Top-level <c>$set</c> wins over the one inside properties, key by key.</summary>
    private static JsonObject? Merge(JsonObject? inProperties, JsonObject? topLevel)
    {
        if (inProperties is null || topLevel is null)
        {
            return inProperties ?? topLevel;
        }

        foreach (var (name, value) in topLevel.ToList())
        {
            topLevel.Remove(name);
            inProperties[name] = value;
        }

        return inProperties;
    }
}
