using System.Text.Json.Nodes;

namespace Yunying.Analytics.Capture;

/// <summary>
/// One event as capture hands it on, whatever SDK sent it: validated, with the client's clock corrected
/// and the identity instruction spelled out. Property values keep their JSON types.
/// </summary>
/// <param name="Uuid">Stable id for de-duplication: the SDK's uuid, a hash of its message id, or a new one.</param>
/// <param name="Event">Event name; Segment calls map to PostHog names (<c>page</c> → <c>$pageview</c>, …).</param>
/// <param name="DistinctId">Who did it, as the SDK names them; never a placeholder such as <c>anonymous</c>.</param>
/// <param name="Timestamp">When it happened (UTC), after clock-skew correction.</param>
/// <param name="ReceivedAt">When the server received the request (UTC).</param>
/// <param name="Properties">Event properties with their JSON types.</param>
/// <param name="Source">The SDK family.</param>
/// <param name="Library">The sending library, such as <c>posthog-node</c>, when the SDK says.</param>
public sealed record CapturedEvent(
    Guid Uuid,
    string Event,
    string DistinctId,
    DateTimeOffset Timestamp,
    DateTimeOffset ReceivedAt,
    JsonObject Properties,
    CaptureSource Source,
    string? Library)
{
    /// <summary>Person properties to set.</summary>
    public JsonObject? Set { get; init; }

    /// <summary>Person properties to set only when the person has none yet.</summary>
    public JsonObject? SetOnce { get; init; }

    /// <summary>Person properties to remove.</summary>
    public IReadOnlyList<string> Unset { get; init; } = [];

    /// <summary>Numeric person properties to add to (Sensors <c>profile_increment</c>).</summary>
    public JsonObject? Increment { get; init; }

    /// <summary>List person properties to append to (Sensors <c>profile_append</c>).</summary>
    public JsonObject? Append { get; init; }

    /// <summary>The identity change this event asks for, if any.</summary>
    public IdentityInstruction? Identity { get; init; }
}
