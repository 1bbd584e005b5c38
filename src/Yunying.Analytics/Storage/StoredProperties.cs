using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Yunying.Analytics.Capture;
using Yunying.Events;

namespace Yunying.Analytics.Storage;

/// <summary>
/// Turns a captured event into the engine's row. Person operations and identity instructions are kept
/// as reserved properties (PostHog's names where PostHog has one), so the event stream alone is enough to
/// rebuild identities and person profiles: nothing about a person is acknowledged without being durable.
/// </summary>
public static class StoredProperties
{
    /// <summary>The anonymous id an identify merges from (PostHog <c>$identify</c>).</summary>
    public const string AnonymousDistinctId = "$anon_distinct_id";

    /// <summary>The other id of an alias (PostHog <c>$create_alias</c>).</summary>
    public const string Alias = "alias";

    public const string Set = "$set";
    public const string SetOnce = "$set_once";
    public const string Unset = "$unset";

    /// <summary>Numeric person properties to add to (Sensors <c>profile_increment</c>; no PostHog equivalent).</summary>
    public const string Increment = "$increment";

    /// <summary>List person properties to append to (Sensors <c>profile_append</c>; no PostHog equivalent).</summary>
    public const string Append = "$append";

    public const string GroupType = "$group_type";
    public const string GroupKey = "$group_key";
    public const string GroupSet = "$group_set";

    /// <summary>Sensors identities bound or unbound (<c>track_id_bind</c> / <c>track_id_unbind</c>).</summary>
    public const string Identities = "$identities";

    public const string IdentityOperation = "$identity_operation";
    public const string Library = "$lib";
    public const string CaptureSource = "$capture_source";

    public static EventRecord ToRecord(CapturedEvent captured)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in captured.Properties)
            {
                writer.WritePropertyName(key);
                Write(writer, value);
            }

            WriteReserved(writer, captured);
            writer.WriteEndObject();
        }

        return new EventRecord(captured.Uuid, EventRecord.ToMicros(captured.Timestamp), captured.Event, captured.DistinctId, buffer.WrittenMemory);
    }

    private static void WriteReserved(Utf8JsonWriter writer, CapturedEvent captured)
    {
        var properties = captured.Properties;
        WriteIfAbsent(writer, properties, CaptureSource, captured.Source.ToString().ToLowerInvariant());
        WriteIfAbsent(writer, properties, Library, captured.Library);
        WriteIfAbsent(writer, properties, Set, captured.Set);
        WriteIfAbsent(writer, properties, SetOnce, captured.SetOnce);
        WriteIfAbsent(writer, properties, Increment, captured.Increment);
        WriteIfAbsent(writer, properties, Append, captured.Append);
        if (captured.Unset.Count > 0 && !properties.ContainsKey(Unset))
        {
            writer.WriteStartArray(Unset);
            foreach (var name in captured.Unset)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        if (captured.Identity is not { } identity)
        {
            return;
        }

        WriteIfAbsent(writer, properties, IdentityOperation, identity.Kind.ToString().ToLowerInvariant());
        switch (identity.Kind)
        {
            case IdentityKind.Identify:
                WriteIfAbsent(writer, properties, AnonymousDistinctId, identity.PreviousId);
                break;
            case IdentityKind.Alias:
                WriteIfAbsent(writer, properties, Alias, identity.PreviousId);
                break;
            case IdentityKind.GroupIdentify:
                WriteIfAbsent(writer, properties, GroupType, identity.GroupType);
                WriteIfAbsent(writer, properties, GroupKey, identity.GroupKey);
                WriteIfAbsent(writer, properties, GroupSet, identity.GroupProperties);
                break;
            case IdentityKind.Bind or IdentityKind.Unbind:
                WriteIfAbsent(writer, properties, Identities, identity.Identities);
                break;
        }
    }

    // What the SDK sent under a reserved name wins: it is the client's own statement of the same thing.
    private static void WriteIfAbsent(Utf8JsonWriter writer, JsonObject properties, string name, string? value)
    {
        if (value is not null && !properties.ContainsKey(name))
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteIfAbsent(Utf8JsonWriter writer, JsonObject properties, string name, JsonObject? value)
    {
        if (value is not null && !properties.ContainsKey(name))
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }
}
