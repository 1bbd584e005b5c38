using System.Text.Json.Nodes;

namespace Yunying.Analytics.Capture;

/// <summary>
/// An identity change that an event carries. Capture only reports it; identity resolution decides whether
/// to apply it (two already-identified people are never merged silently). Placeholder ids such as
/// <c>anonymous</c> never reach a <see cref="PreviousId"/>.
/// </summary>
public sealed record IdentityInstruction(IdentityKind Kind)
{
    /// <summary>For <see cref="IdentityKind.Identify"/> and <see cref="IdentityKind.Alias"/>: the other distinct id.</summary>
    public string? PreviousId { get; init; }

    /// <summary>For <see cref="IdentityKind.GroupIdentify"/>: the group type, such as <c>company</c>.</summary>
    public string? GroupType { get; init; }

    /// <summary>For <see cref="IdentityKind.GroupIdentify"/>: the group's key within its type.</summary>
    public string? GroupKey { get; init; }

    /// <summary>For <see cref="IdentityKind.GroupIdentify"/>: properties to set on the group.</summary>
    public JsonObject? GroupProperties { get; init; }

    /// <summary>For <see cref="IdentityKind.Bind"/> and <see cref="IdentityKind.Unbind"/>: identity name → value
    /// (Sensors <c>identities</c>, such as <c>$identity_login_id</c>).</summary>
    public JsonObject? Identities { get; init; }

    public static IdentityInstruction Identify(string previousId) => new(IdentityKind.Identify) { PreviousId = previousId };

    public static IdentityInstruction Alias(string previousId) => new(IdentityKind.Alias) { PreviousId = previousId };

    public static IdentityInstruction Group(string groupType, string groupKey, JsonObject? properties) =>
        new(IdentityKind.GroupIdentify) { GroupType = groupType, GroupKey = groupKey, GroupProperties = properties };
}
