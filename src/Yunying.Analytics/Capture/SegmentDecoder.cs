using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Yunying.Analytics.Capture;

/// <summary>
/// Segment's tracking API: <c>/v1/{type}</c> with one message, or <c>/v1/batch</c> with
/// <c>{"batch": [...], "context", "sentAt", "writeKey"}</c>; the write key as the HTTP Basic user name or in the body.
/// Calls map to PostHog event names so one query model reads them all.
/// </summary>
internal static class SegmentDecoder
{
    public static (DecodedRequest? Request, CaptureFailure? Failure) Decode(HttpRequest request, ReadOnlyMemory<byte> body, string type)
    {
        if (Json.TryParse(request, body) is not JsonObject root)
        {
            return (null, CaptureFailure.Malformed("The body is not a Segment message: send a JSON object."));
        }

        var key = BasicAuth.User(request) ?? Json.Text(root, "writeKey");
        var sentAt = Json.Time(root["sentAt"]);
        var drafts = new List<EventDraft>();
        if (type == "batch")
        {
            if (root["batch"] is not JsonArray batch)
            {
                return (null, CaptureFailure.Malformed("A Segment batch needs a 'batch' array."));
            }

            var context = Json.Object(root, "context");
            foreach (var item in batch)
            {
                drafts.Add(item is JsonObject message
                    ? Draft(message, Json.Text(message, "type"), context, sentAt)
                    : new EventDraft { Rejection = "a batch item is not a JSON object" });
            }
        }
        else
        {
            drafts.Add(Draft(root, type, null, sentAt));
        }

        return (new DecodedRequest(key, drafts), null);
    }

    private static EventDraft Draft(JsonObject message, string? type, JsonObject? batchContext, DateTimeOffset? batchSentAt)
    {
        var draft = new EventDraft { Size = Json.Size(message) };
        var userId = Json.Text(message, "userId");
        var anonymousId = Json.Text(message, "anonymousId");
        draft.DistinctId = string.IsNullOrWhiteSpace(userId) ? anonymousId : userId;
        if (Json.Text(message, "messageId") is { } messageId)
        {
            draft.Uuid = DeterministicGuid.FromMessageId(messageId);
        }

        // originalTimestamp is the device's time of the call; timestamp is that, unless the caller set it (imports).
        draft.Timestamp = Json.Time(message["originalTimestamp"]) ?? Json.Time(message["timestamp"]);
        draft.SentAt = Json.Time(message["sentAt"]) ?? batchSentAt;

        var context = MergeContext(batchContext, Json.Take(message, "context") as JsonObject);
        var properties = Json.Take(message, "properties") as JsonObject ?? [];
        var traits = Json.Take(message, "traits") as JsonObject;
        if (context is not null)
        {
            draft.Library = Json.Text(Json.Object(context, "library"), "name");
            if (draft.Library is not null)
            {
                properties["$lib"] ??= draft.Library;
                properties["$lib_version"] ??= Json.Text(Json.Object(context, "library"), "version");
            }

            properties["$context"] = context;
        }

        draft.Properties = properties;
        switch (type)
        {
            case "track":
                draft.Event = Json.Text(message, "event");
                break;
            case "page":
                draft.Event = "$pageview";
                CopyName(message, properties, "$page_name");
                if (Json.Text(properties, "url") is { } url)
                {
                    properties["$current_url"] ??= url;
                }

                break;
            case "screen":
                draft.Event = "$screen";
                CopyName(message, properties, "$screen_name");
                break;
            case "identify":
                draft.Event = "$identify";
                draft.Set = traits;
                if (!string.IsNullOrWhiteSpace(userId) && !string.IsNullOrWhiteSpace(anonymousId))
                {
                    draft.Identity = IdentityInstruction.Identify(anonymousId);
                }

                break;
            case "group":
                draft.Event = "$groupidentify";
                if (Json.Text(message, "groupId") is not { Length: > 0 } groupId)
                {
                    draft.Rejection = "a group call needs a groupId";
                    break;
                }

                // Segment groups have no type; a 'group_type' trait names one, otherwise they share the type "group".
                var groupType = Json.Text(traits, "group_type") ?? "group";
                draft.Identity = IdentityInstruction.Group(groupType, groupId, traits);
                break;
            case "alias":
                draft.Event = "$create_alias";
                if (Json.Text(message, "previousId") is not { Length: > 0 } previousId)
                {
                    draft.Rejection = "an alias call needs a previousId";
                    break;
                }

                draft.Identity = IdentityInstruction.Alias(previousId);
                break;
            default:
                draft.Rejection = $"unknown Segment message type '{type}'";
                break;
        }

        return draft;
    }

    private static void CopyName(JsonObject message, JsonObject properties, string name)
    {
        if (Json.Text(message, "name") is { } pageName)
        {
            properties[name] ??= pageName;
        }

        if (Json.Text(message, "category") is { } category)
        {
            properties["category"] ??= category;
        }
    }

    /// <summary>The batch's context under the message's own: the message wins key by key.</summary>
    private static JsonObject? MergeContext(JsonObject? batchContext, JsonObject? own)
    {
        if (batchContext is null)
        {
            return own;
        }

        var merged = (JsonObject)batchContext.DeepClone();
        if (own is not null)
        {
            foreach (var (name, value) in own.ToList())
            {
                own.Remove(name);
                merged[name] = value;
            }
        }

        return merged;
    }
}
