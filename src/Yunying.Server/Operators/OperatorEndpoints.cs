using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Yunying.Core.Results;
using Yunying.Data.Operators;
using Yunying.Data.Tenancy;
using Yunying.Server.Auth;
using Yunying.Server.Http;

namespace Yunying.Server.Operators;

/// <summary>Sign-in for the dashboard session, the caller's own account, and operator accounts for administrators.</summary>
public static class OperatorEndpoints
{
    public const string LoginRateLimit = "login";

    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/api/auth").WithTags("Sign-in");
        auth.MapPost("/login", Login).RequireRateLimiting(LoginRateLimit)
            .WithSummary("Signs in with a user name and password and sets the session cookie. Five failures in a row lock the account for 15 minutes.");
        auth.MapPost("/logout", (Delegate)Logout).WithSummary("Ends the session.");

        routes.MapGet("/api/me", Me).WithTags("Operators").RequireAuthorization().WithSummary("The signed-in operator.");

        var operators = routes.MapGroup("/api/operators").WithTags("Operators").RequireAuthorization();
        operators.MapPost("/", CreateOperator).WithSummary("Creates an operator account in the first organisation (administrators only). It has no project role until given one.");
        return routes;
    }

    private static async Task<Results<Ok<OperatorResponse>, ProblemHttpResult>> Login(
        LoginRequest? request, HttpContext http, OperatorService operators, CancellationToken cancellationToken)
    {
        var signedIn = await operators.SignInAsync(request?.UserName, request?.Password, cancellationToken);
        if (!signedIn.IsSuccess)
        {
            return signedIn.Error.ToProblem();
        }

        var account = signedIn.Value;
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            YunyingClaims.ForOperator(account.Id, account.UserName, CookieAuthenticationDefaults.AuthenticationScheme));
        return TypedResults.Ok(OperatorResponse.From(account));
    }

    private static async Task<NoContent> Logout(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<OperatorResponse>, ProblemHttpResult>> Me(
        ClaimsPrincipal user, OperatorService operators, CancellationToken cancellationToken)
    {
        var account = user.RequireCaller().OperatorId is { } id ? await operators.FindAsync(id, cancellationToken) : null;
        return account is null
            ? Error.NotFound("operator.not_found", "This credential belongs to no operator.").ToProblem()
            : TypedResults.Ok(OperatorResponse.From(account));
    }

    private static async Task<Results<Created<OperatorResponse>, ProblemHttpResult>> CreateOperator(
        CreateOperatorRequest? request, ClaimsPrincipal user, OperatorService operators, ProjectService projects, CancellationToken cancellationToken)
    {
        var caller = user.RequireCaller().OperatorId is { } id ? await operators.FindAsync(id, cancellationToken) : null;
        if (caller is not { IsAdministrator: true })
        {
            return Error.Forbidden("operator.administrators_only", "Only administrators create operator accounts.").ToProblem();
        }

        if (request is null)
        {
            return Problems.BadBody("Send a JSON body with userName and password.");
        }

        var created = await operators.CreateAsync(request.UserName ?? string.Empty, request.Password ?? string.Empty, request.IsAdministrator, request.DisplayName, cancellationToken);
        if (!created.IsSuccess)
        {
            return created.Error.ToProblem();
        }

        await projects.JoinFirstOrganisationAsync(created.Value.Id, created.Value.IsAdministrator, cancellationToken);
        return TypedResults.Created($"/api/operators/{created.Value.Id}", OperatorResponse.From(created.Value));
    }
}
