using System.Security.Claims;
using Yunying.Analytics.Explore;
using Yunying.Core.Results;

namespace Yunying.Cli.Commands.Query;

/// <summary>The CLI is trusted and local: it may read any project (the server checks roles; the CLI never serves requests).</summary>
internal sealed class CliProjectAccess : IProjectAccess
{
    public Task<Error?> CanReadAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken) => Task.FromResult<Error?>(null);

    public Task<Error?> CanEditAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken) => Task.FromResult<Error?>(null);

    public Task<Error?> CanManageAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken) => Task.FromResult<Error?>(null);

    public Task<Result<string>> ReadTimeZoneAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken) =>
        Task.FromResult(Result<string>.Fail(Error.NotFound("query.time_zone", "The CLI passes the project's time zone itself.")));
}
