using System.Text.Json.Nodes;

namespace Yunying.Analytics.Capture;

/// <summary>
/// What a decoder read from one SDK event, before the shared rules (ids, clock skew, size) turn it into a
/// <see cref="CapturedEvent"/>. Times are the client's, uncorrected.
/// </summary>
internal sealed class EventDraft
{
    public Guid? Uuid { get; set; }

    /// <summary>Name to hash into a stable uuid when the SDK sent none.</summary>
    public string? UuidSeed { get; set; }

    public string? Event { get; set; }

    public string? DistinctId { get; set; }

    /// <summary>The event time by the client's clock.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>When the client sent the request, by the same clock (PostHog <c>sent_at</c>, Segment <c>sentAt</c>, Sensors <c>_flush_time</c>).</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>PostHog <c>offset</c>: milliseconds between the event and sending.</summary>
    public long? OffsetMilliseconds { get; set; }

    public JsonObject Properties { get; set; } = [];

    public JsonObject? Set { get; set; }

    public JsonObject? SetOnce { get; set; }

    public List<string> Unset { get; } = [];

    public JsonObject? Increment { get; set; }

    public JsonObject? Append { get; set; }

    public IdentityInstruction? Identity { get; set; }

    public string? Library { get; set; }

    /// <summary>Set by the decoder when the event cannot be used at all.</summary>
    public string? Rejection { get; set; }

    /// <summary>Size of the event as sent, in bytes.</summary>
    public long Size { get; set; }
}
