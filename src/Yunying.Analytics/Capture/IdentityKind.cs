namespace Yunying.Analytics.Capture;

/// <summary>What an event asks identity resolution to do besides recording it.</summary>
public enum IdentityKind
{
    /// <summary>The anonymous <see cref="IdentityInstruction.PreviousId"/> is now known as the event's distinct id
    /// (PostHog <c>$identify</c>, Segment <c>identify</c> with both ids, Sensors <c>track_signup</c>).</summary>
    Identify,

    /// <summary><see cref="IdentityInstruction.PreviousId"/> is another name of the event's distinct id
    /// (PostHog <c>$create_alias</c>, Segment <c>alias</c>).</summary>
    Alias,

    /// <summary>A group (company, team) and its properties (PostHog <c>$groupidentify</c>, Segment <c>group</c>).</summary>
    GroupIdentify,

    /// <summary>Sensors <c>track_id_bind</c>: the <see cref="IdentityInstruction.Identities"/> belong to one person.</summary>
    Bind,

    /// <summary>Sensors <c>track_id_unbind</c>: the <see cref="IdentityInstruction.Identities"/> no longer belong to the person.</summary>
    Unbind,

    /// <summary>Sensors <c>profile_delete</c>: forget the person's profile.</summary>
    DeleteProfile,
}
