using Yunying.Core.Tenancy;
using Yunying.Data.Tenancy;

namespace Yunying.Server.Projects;

/// <summary>A project as the admin API shows it. The secret key itself is never shown again after creation or rotation.</summary>
public sealed record ProjectResponse(
    Guid Id, Guid OrganisationId, string Name, string TimeZone, string Currency,
    string WriteKey, string SecretKeyHint, string Role, DateTime CreatedAt, DateTime KeysRotatedAt)
{
    public static ProjectResponse From(ProjectAccess access) => From(access.Project, access.Role);

    public static ProjectResponse From(Project p, ProjectRole role) =>
        new(p.Id, p.OrganisationId, p.Name, p.TimeZone, p.Currency, p.WriteKey, p.SecretKeyHint, role.Name(), p.CreatedAt, p.KeysRotatedAt);
}

/// <summary>A new project, with its secret key shown this once.</summary>
public sealed record CreatedProjectResponse(
    Guid Id, Guid OrganisationId, string Name, string TimeZone, string Currency,
    string WriteKey, string SecretKey, string Role, DateTime CreatedAt)
{
    public static CreatedProjectResponse From(Project p, string secretKey) =>
        new(p.Id, p.OrganisationId, p.Name, p.TimeZone, p.Currency, p.WriteKey, secretKey, ProjectRole.Owner.Name(), p.CreatedAt);
}

public sealed record CreateProjectRequest(string? Name, Guid? OrganisationId, string? TimeZone, string? Currency);

public sealed record UpdateProjectRequest(string? Name, string? TimeZone, string? Currency);

/// <summary>A freshly rotated secret key, shown this once.</summary>
public sealed record SecretKeyResponse(Guid ProjectId, string SecretKey, string SecretKeyHint, DateTime KeysRotatedAt);

public sealed record MemberResponse(Guid OperatorId, string UserName, string? DisplayName, string Role, DateTime Since)
{
    public static MemberResponse From(MemberView m) => new(m.OperatorId, m.UserName, m.DisplayName, m.Role.Name(), m.Since);
}

public sealed record SetMemberRequest(string? Role);
