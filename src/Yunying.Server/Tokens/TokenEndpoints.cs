using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Yunying.Core.Results;
using Yunying.Data.Operators;
using Yunying.Server.Auth;
using Yunying.Server.Http;

namespace Yunying.Server.Tokens;

/// <summary>Admin API for the calling operator's personal tokens.</summary>
public static class TokenEndpoints
{
    public static RouteGroupBuilder MapTokenEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/tokens").WithTags("Personal tokens").RequireAuthorization();
        group.MapGet("/", ListTokens).WithSummary("Lists the caller's active personal tokens.");
        group.MapPost("/", CreateToken).WithSummary("Creates a personal token; the token is returned this once.");
        group.MapDelete("/{tokenId:guid}", RevokeToken).WithSummary("Revokes one of the caller's personal tokens.");
        return group;
    }

    private static async Task<Results<Ok<TokenResponse[]>, ProblemHttpResult>> ListTokens(
        ClaimsPrincipal user, PersonalTokenService tokens, CancellationToken cancellationToken)
    {
        if (user.RequireCaller().OperatorId is not { } operatorId)
        {
            return OperatorsOnly().ToProblem();
        }

        var list = await tokens.ListAsync(operatorId, cancellationToken);
        return TypedResults.Ok(list.Select(TokenResponse.From).ToArray());
    }

    private static async Task<Results<Created<CreatedTokenResponse>, ProblemHttpResult>> CreateToken(
        CreateTokenRequest? request, ClaimsPrincipal user, PersonalTokenService tokens, CancellationToken cancellationToken)
    {
        if (user.RequireCaller().OperatorId is not { } operatorId)
        {
            return OperatorsOnly().ToProblem();
        }

        if (request is null)
        {
            return Problems.BadBody("Send a JSON body such as {\"name\": \"nightly export\"}.");
        }

        var created = await tokens.CreateAsync(operatorId, request.Name, request.ExpiresInDays, cancellationToken);
        if (!created.IsSuccess)
        {
            return created.Error.ToProblem();
        }

        var (token, secret) = created.Value;
        return TypedResults.Created($"/api/tokens/{token.Id}", new CreatedTokenResponse(token.Id, token.Name, secret, token.CreatedAt, token.ExpiresAt));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RevokeToken(
        Guid tokenId, ClaimsPrincipal user, PersonalTokenService tokens, CancellationToken cancellationToken)
    {
        if (user.RequireCaller().OperatorId is not { } operatorId)
        {
            return OperatorsOnly().ToProblem();
        }

        return Answers.Of(await tokens.RevokeAsync(operatorId, tokenId, cancellationToken), TokenResponse.From);
    }

    private static Error OperatorsOnly() => Error.Forbidden("token.operators_only", "Personal tokens belong to operators; a project key cannot manage them.");
}
