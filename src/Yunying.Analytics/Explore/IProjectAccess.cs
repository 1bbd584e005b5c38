using System.Security.Claims;
using Yunying.Core.Results;

namespace Yunying.Analytics.Explore;

/// <summary>
/// Whether a caller may read a project's events. The host implements it over its state store (this
/// project references neither the store nor the server).
/// </summary>
public interface IProjectAccess
{
    /// <summary>Null when <paramref name="user"/> may read <paramref name="projectId"/>; otherwise not found or forbidden.</summary>
    Task<Error?> CanReadAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken);

    /// <summary>Null when <paramref name="user"/> may save analysis objects such as cohorts (every role but viewer); otherwise not found or forbidden.</summary>
    Task<Error?> CanEditAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken);

    /// <summary>Null when <paramref name="user"/> may change or delete a project's data (owner or admin); otherwise not found or forbidden.</summary>
    Task<Error?> CanManageAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken);

    /// <summary>The project's IANA time zone when <paramref name="user"/> may read it; otherwise not found or forbidden.</summary>
    Task<Result<string>> ReadTimeZoneAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken);
}
