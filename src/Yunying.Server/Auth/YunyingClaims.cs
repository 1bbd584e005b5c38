using System.Security.Claims;
using Yunying.Core.Tenancy;

namespace Yunying.Server.Auth;

/// <summary>The claims Yunying puts on a principal, and the way back to a <see cref="Caller"/>.</summary>
public static class YunyingClaims
{
    public const string OperatorId = "yunying:operator";
    public const string KeyProjectId = "yunying:key_project";
    public const string UserName = ClaimTypes.Name;

    /// <summary>The caller behind an authenticated principal; null when it carries neither claim.</summary>
    public static Caller? ToCaller(this ClaimsPrincipal principal)
    {
        if (Guid.TryParse(principal.FindFirstValue(OperatorId), out var operatorId))
        {
            return Caller.ForOperator(operatorId);
        }

        return Guid.TryParse(principal.FindFirstValue(KeyProjectId), out var projectId) ? Caller.ForProjectKey(projectId) : null;
    }

    /// <summary>The caller of an endpoint that requires authorisation; its absence is a bug.</summary>
    public static Caller RequireCaller(this ClaimsPrincipal principal) =>
        principal.ToCaller() ?? throw new InvalidOperationException("An authorised endpoint ran without a caller.");

    public static ClaimsPrincipal ForOperator(Guid id, string userName, string scheme) =>
        new(new ClaimsIdentity([new Claim(OperatorId, id.ToString()), new Claim(UserName, userName)], scheme));

    public static ClaimsPrincipal ForProjectKey(Guid projectId, string scheme) =>
        new(new ClaimsIdentity([new Claim(KeyProjectId, projectId.ToString()), new Claim(UserName, "project-key")], scheme));
}
