using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Yunying.Analytics.Explore;

namespace Yunying.Analytics.Query;

/// <summary>The query API: one endpoint for every analysis, selected by the body's <c>kind</c>.</summary>
public static class QueryEndpoints
{
    /// <summary>Largest query body accepted.</summary>
    public const int MaxBodyBytes = 1 << 20;

    public static RouteGroupBuilder MapQueryEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/projects/{projectId:guid}/query").WithTags("Query").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", RunQuery)
            .Accepts<AnalyticsQuery>("application/json")
            .WithSummary("Runs an analysis. The body's 'kind' selects it: trends, funnel, retention, lifecycle, stickiness, distribution, paths or people. Dates are read in the project's time zone unless the query names one.");
        return group;
    }

    private static async Task<Results<Ok<AnalyticsResult>, ProblemHttpResult>> RunQuery(
        Guid projectId,
        HttpRequest request,
        ClaimsPrincipal user,
        IProjectAccess access,
        QueryRunner runner,
        CancellationToken cancellationToken)
    {
        var zone = await access.ReadTimeZoneAsync(user, projectId, cancellationToken);
        if (!zone.IsSuccess)
        {
            return ExploreProblems.ToProblem(zone.Error);
        }

        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                return ExploreProblems.ToProblem(QueryErrors.TooLarge($"The query is larger than {MaxBodyBytes} bytes."));
            }

            body.Write(buffer, 0, read);
        }

        var parsed = QueryJson.Parse(body.GetBuffer().AsSpan(0, (int)body.Length));
        if (!parsed.IsSuccess)
        {
            return ExploreProblems.ToProblem(parsed.Error);
        }

        var result = await runner.RunAsync(projectId, zone.Value, parsed.Value, cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : ExploreProblems.ToProblem(result.Error);
    }
}
