using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Yunying.Analytics.Capture;

/// <summary>Yunying's own format (<see cref="NativeCaptureRequest"/>), read leniently so one bad event does not fail the batch.</summary>
internal static class NativeDecoder
{
    public static (DecodedRequest? Request, CaptureFailure? Failure) Decode(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        if (Json.TryParse(request, body) is not JsonObject root || root["events"] is not JsonArray events)
        {
            return (null, CaptureFailure.Malformed("Send {\"writeKey\": …, \"events\": [{\"event\", \"distinctId\", …}]}."));
        }

        var key = Json.Text(root, "writeKey") ?? BasicAuth.User(request);
        var sentAt = Json.Time(root["sentAt"]);
        var drafts = events.Select(e => e is JsonObject obj ? Draft(obj, sentAt) : new EventDraft { Rejection = "an event is not a JSON object" }).ToList();
        return (new DecodedRequest(key, drafts), null);
    }

    private static EventDraft Draft(JsonObject e, DateTimeOffset? sentAt)
    {
        var draft = new EventDraft
        {
            Size = Json.Size(e),
            Event = Json.Text(e, "event"),
            DistinctId = Json.Text(e, "distinctId"),
            Timestamp = Json.Time(e["timestamp"]),
            SentAt = sentAt,
            Properties = Json.Take(e, "properties") as JsonObject ?? [],
            Set = Json.Take(e, "set") as JsonObject,
            SetOnce = Json.Take(e, "setOnce") as JsonObject,
        };
        if (Json.Text(e, "uuid") is { } uuid)
        {
            draft.Uuid = DeterministicGuid.FromMessageId(uuid);
        }

        if (e["unset"] is JsonArray unset)
        {
            draft.Unset.AddRange(unset.Select(Json.Text).OfType<string>());
        }

        if (Json.Text(e, "previousId") is { } previousId)
        {
            draft.Identity = IdentityInstruction.Identify(previousId);
        }

        draft.Library = Json.Text(draft.Properties, "$lib");
        return draft;
    }
}
