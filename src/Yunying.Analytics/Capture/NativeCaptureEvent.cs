using System.Text.Json.Nodes;

namespace Yunying.Analytics.Capture;

/// <summary>One event for <c>POST /api/capture</c>.</summary>
public sealed record NativeCaptureEvent
{
    /// <summary>Id for de-duplication; a retried event keeps its uuid. Any string: a non-UUID is hashed to one. Generated when missing.</summary>
    public string? Uuid { get; init; }

    /// <summary>Event name, such as <c>purchase</c> or <c>$pageview</c>.</summary>
    public required string Event { get; init; }

    /// <summary>Who did it. Placeholders such as <c>anonymous</c> or <c>null</c> are rejected.</summary>
    public required string DistinctId { get; init; }

    /// <summary>When it happened (ISO 8601); the receive time when missing.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Event properties; strings, numbers, booleans, arrays and objects keep their types.</summary>
    public JsonObject? Properties { get; init; }

    /// <summary>Person properties to set.</summary>
    public JsonObject? Set { get; init; }

    /// <summary>Person properties to set only when not set yet.</summary>
    public JsonObject? SetOnce { get; init; }

    /// <summary>Person properties to remove.</summary>
    public IReadOnlyList<string>? Unset { get; init; }

    /// <summary>An anonymous id that is from now on known as <see cref="DistinctId"/> (an identify).</summary>
    public string? PreviousId { get; init; }
}
