namespace Yunying.Core.Tenancy;

/// <summary>What each <see cref="ProjectRole"/> may do, and the role names used on the wire.</summary>
public static class ProjectRoles
{
    public static IReadOnlyList<ProjectRole> All { get; } = Enum.GetValues<ProjectRole>().OrderByDescending(r => r).ToArray();

    /// <summary>The lower-case name used in the API, the CLI and the database.</summary>
    public static string Name(this ProjectRole role) => role.ToString().ToLowerInvariant();

    public static bool TryParse(string? value, out ProjectRole role)
    {
        role = default;
        return !string.IsNullOrWhiteSpace(value)
            && !int.TryParse(value, out _)
            && Enum.TryParse(value.Trim(), ignoreCase: true, out role)
            && Enum.IsDefined(role);
    }

    /// <summary>Change the project's settings, rotate its keys and manage its members.</summary>
    public static bool CanManage(this ProjectRole role) => role >= ProjectRole.Admin;

    /// <summary>Delete the project or hand ownership to someone else.</summary>
    public static bool CanOwn(this ProjectRole role) => role == ProjectRole.Owner;

    /// <summary>See the project's secret key material (its masked form) and rotation controls.</summary>
    public static bool CanSeeKeys(this ProjectRole role) => role >= ProjectRole.Admin;
}
