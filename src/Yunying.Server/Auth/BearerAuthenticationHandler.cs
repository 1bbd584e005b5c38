using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Yunying.Core.Security;
using Yunying.Data.Operators;
using Yunying.Data.Tenancy;

namespace Yunying.Server.Auth;

/// <summary>
/// <c>Authorization: Bearer …</c> with either an operator's personal token (<c>ypt_…</c>), which acts with
/// that operator's roles, or a project's secret key (<c>ysk_…</c>), which reaches that project alone.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PersonalTokenService tokens,
    ProjectService projects)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        if (secret.StartsWith(Secrets.PersonalTokenPrefix, StringComparison.Ordinal))
        {
            var account = await tokens.AuthenticateAsync(secret, Context.RequestAborted);
            return account is null
                ? AuthenticateResult.Fail("Unknown, revoked or expired token.")
                : Success(YunyingClaims.ForOperator(account.Id, account.UserName, SchemeName));
        }

        if (secret.StartsWith(Secrets.SecretKeyPrefix, StringComparison.Ordinal))
        {
            var project = await projects.FindBySecretKeyAsync(secret, Context.RequestAborted);
            return project is null
                ? AuthenticateResult.Fail("Unknown secret key.")
                : Success(YunyingClaims.ForProjectKey(project.Id, SchemeName));
        }

        return AuthenticateResult.Fail("A bearer credential is a personal token (ypt_…) or a project secret key (ysk_…).");
    }

    private AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
}
