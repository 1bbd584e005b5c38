using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Yunying.Analytics.Capture;

/// <summary>
/// Sensors Analytics (神策): <c>/sa?project=…&amp;token=…</c> with form field <c>data_list</c> (a JSON array)
/// or <c>data</c> (one record), base64 — of gzip when <c>gzip=1</c>. Record types cover events, profile
/// operations and ID binding. The write key is <c>token</c>, or <c>project</c> when there is no token.
/// </summary>
internal static class SensorsDecoder
{
    public static (DecodedRequest? Request, CaptureFailure? Failure) Decode(HttpRequest request, ReadOnlyMemory<byte> body, CaptureOptions options)
    {
        var key = request.Query["token"].ToString() is { Length: > 0 } token ? token
            : request.Query["project"].ToString() is { Length: > 0 } project ? project : null;
        var (json, failure) = Payload(request, body, options);
        if (failure is not null)
        {
            return (null, failure);
        }

        var records = Json.TryParse(request, json) switch
        {
            JsonArray array => array,
            JsonObject single => [single],
            _ => null,
        };
        if (records is null)
        {
            return (null, CaptureFailure.Malformed("The Sensors data is not a JSON record or an array of records."));
        }

        var drafts = records.Select(r => r is JsonObject record ? Draft(record) : new EventDraft { Rejection = "a record is not a JSON object" }).ToList();
        return (new DecodedRequest(key, drafts), null);
    }

    private static (ReadOnlyMemory<byte> Json, CaptureFailure? Failure) Payload(HttpRequest request, ReadOnlyMemory<byte> body, CaptureOptions options)
    {
        string? encoded;
        bool gzip;
        if (request.Method == HttpMethods.Get)
        {
            // sa-sdk-javascript's image beacon: /sa.gif?data=… (also data_list, gzip).
            encoded = request.Query["data_list"].ToString() is { Length: > 0 } list ? list : request.Query["data"].ToString();
            gzip = request.Query["gzip"] == "1";
        }
        else if (FormBody.IsForm(request, body.Span, "data_list") || FormBody.IsForm(request, body.Span, "data") || FormBody.IsForm(request, body.Span, "crc"))
        {
            var fields = FormBody.Parse(body.Span);
            encoded = fields.TryGetValue("data_list", out var list) ? list.ToString() : fields.TryGetValue("data", out var one) ? one.ToString() : null;
            gzip = (fields.TryGetValue("gzip", out var g) ? g.ToString() : request.Query["gzip"].ToString()) == "1";
        }
        else
        {
            return (body, null);
        }

        if (FormBody.Base64(encoded) is not { } decoded)
        {
            return (default, CaptureFailure.Malformed("The field 'data_list' (or 'data') is missing or is not base64."));
        }

        if (!gzip && !(decoded.Length >= 2 && decoded[0] == 0x1F && decoded[1] == 0x8B))
        {
            return (decoded, null);
        }

        var (inflated, tooLarge) = CaptureBody.Gunzip(decoded, options.MaxRequestBytes);
        return inflated is not null ? (inflated, null)
            : tooLarge ? (default, CaptureFailure.TooLarge($"The data is larger than {options.MaxRequestBytes} bytes once decompressed."))
            : (default, CaptureFailure.Malformed("gzip=1 but 'data_list' is not base64 of gzip data."));
    }

    private static EventDraft Draft(JsonObject record)
    {
        var draft = new EventDraft { Size = Json.Size(record) };
        var type = Json.Text(record, "type");
        var eventName = Json.Text(record, "event");
        draft.DistinctId = Json.Text(record, "distinct_id");
        draft.Timestamp = Json.Time(record["time"]);
        draft.SentAt = Json.Time(record["_flush_time"]);
        draft.Library = Json.Text(Json.Object(record, "lib"), "$lib");

        // Sensors has no uuid; _track_id is a random int, so the record's identity is these fields together.
        draft.UuidSeed = string.Join('|', "sensors", type, eventName, draft.DistinctId, record["time"]?.ToJsonString(), record["_track_id"]?.ToJsonString());
        var properties = Json.Take(record, "properties") as JsonObject ?? [];
        draft.Library ??= Json.Text(properties, "$lib");
        switch (type)
        {
            case "track":
                draft.Event = eventName;
                draft.Properties = properties;
                break;
            case "track_signup":
                draft.Event = eventName ?? "$SignUp";
                draft.Properties = properties;
                if (Json.Text(record, "original_id") is { } originalId)
                {
                    draft.Identity = IdentityInstruction.Identify(originalId);
                }

                break;
            case "profile_set":
                draft.Event = "$set";
                draft.Set = properties;
                break;
            case "profile_set_once":
                draft.Event = "$set";
                draft.SetOnce = properties;
                break;
            case "profile_increment":
                draft.Event = "$set";
                draft.Increment = properties;
                break;
            case "profile_append":
                draft.Event = "$set";
                draft.Append = properties;
                break;
            case "profile_unset":
                draft.Event = "$set";
                draft.Unset.AddRange(properties.Select(p => p.Key));
                break;
            case "profile_delete":
                draft.Event = "$delete_person";
                draft.Identity = new IdentityInstruction(IdentityKind.DeleteProfile);
                break;
            case "track_id_bind":
            case "track_id_unbind":
                draft.Event = eventName ?? (type == "track_id_bind" ? "$BindID" : "$UnbindID");
                draft.Properties = properties;
                if (Json.Take(record, "identities") is not JsonObject identities || identities.Count == 0)
                {
                    draft.Rejection = $"{type} needs 'identities'";
                    break;
                }

                draft.Identity = new IdentityInstruction(type == "track_id_bind" ? IdentityKind.Bind : IdentityKind.Unbind) { Identities = identities };
                break;
            default:
                draft.Rejection = $"record type '{type}' is not supported";
                break;
        }

        return draft;
    }
}
