using System.Security.Claims;
using Yunying.Analytics.Explore;
using Yunying.Core.Results;
using Yunying.Data.Tenancy;
using Yunying.Server.Auth;

namespace Yunying.Server.Storage;

/// <summary>Who may read a project's events (any role in it, or the project's own secret key) and who may delete them (owners and admins).</summary>
public sealed class ProjectReadAccess(ProjectService projects) : IProjectAccess
{
    public async Task<Error?> CanReadAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken)
    {
        var access = await projects.AuthorizeAsync(user.RequireCaller(), projectId, _ => true, cancellationToken);
        return access.IsSuccess ? null : access.Error;
    }

    public async Task<Error?> CanEditAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken)
    {
        var access = await projects.AuthorizeAsync(user.RequireCaller(), projectId, role => role > Core.Tenancy.ProjectRole.Viewer, cancellationToken);
        return access.IsSuccess ? null : access.Error;
    }

    public async Task<Error?> CanManageAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken)
    {
        var access = await projects.AuthorizeAsync(user.RequireCaller(), projectId, Core.Tenancy.ProjectRoles.CanManage, cancellationToken);
        return access.IsSuccess ? null : access.Error;
    }

    public async Task<Result<string>> ReadTimeZoneAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken)
    {
        var access = await projects.AuthorizeAsync(user.RequireCaller(), projectId, _ => true, cancellationToken);
        return access.IsSuccess ? access.Value.Project.TimeZone : access.Error;
    }
}
