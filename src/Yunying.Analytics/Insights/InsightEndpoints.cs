using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Yunying.Analytics.Explore;
using Yunying.Analytics.Query;
using Yunying.Core.Results;

namespace Yunying.Analytics.Insights;

/// <summary>The saved insights and dashboards API: save queries by name, lay them out on dashboards, read their cached answers.</summary>
public static class InsightEndpoints
{
    public static IEndpointRouteBuilder MapInsightEndpoints(this IEndpointRouteBuilder routes)
    {
        var insights = routes.MapGroup("/api/projects/{projectId:guid}/insights").WithTags("Insights").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        insights.MapGet("/", ListInsights).WithSummary("The project's saved insights, most recently changed first.");
        insights.MapPost("/", CreateInsight).WithSummary("Saves an insight: a name, a description and a query as POST /query takes it (it must parse). Every role but viewer.");
        insights.MapGet("/{insightId:guid}", GetInsight).WithSummary("A saved insight.");
        insights.MapPut("/{insightId:guid}", UpdateInsight).WithSummary("Changes a saved insight. Every role but viewer.");
        insights.MapDelete("/{insightId:guid}", DeleteInsight).WithSummary("Deletes a saved insight and its tiles on dashboards. Every role but viewer.");
        insights.MapGet("/{insightId:guid}/result", InsightResult)
            .WithSummary("The insight's answer (its own date range, or from/to when given), kept until new data arrives: 'cached' says whether it was.");

        var dashboards = routes.MapGroup("/api/projects/{projectId:guid}/dashboards").WithTags("Dashboards").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        dashboards.MapGet("/", ListDashboards).WithSummary("The project's dashboards.");
        dashboards.MapPost("/", CreateDashboard).WithSummary("Saves a dashboard: a name, a date range for every tile, and tiles (saved insights in order, width 1 or 2). Every role but viewer.");
        dashboards.MapGet("/{dashboardId:guid}", GetDashboard).WithSummary("A dashboard and its tiles.");
        dashboards.MapPut("/{dashboardId:guid}", UpdateDashboard).WithSummary("Changes a dashboard (absent tiles keep the current ones). Every role but viewer.");
        dashboards.MapDelete("/{dashboardId:guid}", DeleteDashboard).WithSummary("Deletes a dashboard (its insights stay saved). Every role but viewer.");
        dashboards.MapPost("/{dashboardId:guid}/tiles", AddTile).WithSummary("Puts a saved insight on the dashboard (at the end; an insight already there gets the new width). Every role but viewer.");
        dashboards.MapDelete("/{dashboardId:guid}/tiles/{insightId:guid}", RemoveTile).WithSummary("Takes an insight off the dashboard. Every role but viewer.");
        dashboards.MapGet("/{dashboardId:guid}/results", DashboardResults)
            .WithSummary("Every tile's answer over the dashboard's date range (or from/to when given); a tile whose query no longer runs carries an error instead.");
        return routes;
    }

    private static Task<Results<Ok<IReadOnlyList<InsightDefinition>>, ProblemHttpResult>> ListInsights(
        Guid projectId, ClaimsPrincipal user, IProjectAccess access, InsightCatalog catalog, CancellationToken cancellationToken) =>
        ReadAsync(access, user, projectId, async _ => Ok(await catalog.ListInsightsAsync(projectId, cancellationToken)), cancellationToken);

    private static async Task<Results<Created<InsightDefinition>, ProblemHttpResult>> CreateInsight(
        Guid projectId, InsightInput input, ClaimsPrincipal user, IProjectAccess access, InsightCatalog catalog, CancellationToken cancellationToken)
    {
        var saved = await EditAsync(access, user, projectId, () => catalog.SaveInsightAsync(projectId, null, input, cancellationToken), cancellationToken);
        return saved.IsSuccess
            ? TypedResults.Created($"/api/projects/{projectId}/insights/{saved.Value.Id}", saved.Value)
            : ExploreProblems.ToProblem(saved.Error);
    }

    private static Task<Results<Ok<InsightDefinition>, ProblemHttpResult>> GetInsight(
        Guid projectId, Guid insightId, ClaimsPrincipal user, IProjectAccess access, InsightCatalog catalog, CancellationToken cancellationToken) =>
        ReadAsync(access, user, projectId, async _ => await catalog.FindInsightAsync(projectId, insightId, cancellationToken) is { } insight
            ? Ok(insight)
            : InsightCatalog.InsightNotFound(insightId), cancellationToken);

    private static async Task<Results<Ok<InsightDefinition>, ProblemHttpResult>> UpdateInsight(
        Guid projectId, Guid insightId, InsightInput input, ClaimsPrincipal user, IProjectAccess access, InsightCatalog catalog, CancellationToken cancellationToken) =>
        OkOrProblem(await EditAsync(access, user, projectId, () => catalog.SaveInsightAsync(projectId, insightId, input, cancellationToken), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteInsight(
        Guid projectId, Guid insightId, ClaimsPrincipal user, IProjectAccess access, InsightCatalog catalog, CancellationToken cancellationToken) =>
        await DeleteAsync(access, user, projectId, () => catalog.DeleteInsightAsync(projectId, insightId, cancellationToken), InsightCatalog.InsightNotFound(insightId), cancellationToken);

    private static Task<Results<Ok<InsightAnswer>, ProblemHttpResult>> InsightResult(
        Guid projectId, Guid insightId, string? from, string? to, ClaimsPrincipal user, IProjectAccess access, InsightCatalog catalog, CancellationToken cancellationToken) =>
        ReadAsync(access, user, projectId, async zone => await catalog.FindInsightAsync(projectId, insightId, cancellationToken) is { } insight
            ? await catalog.AnswerAsync(insight, zone, RangeOf(from, to), cancellationToken)
            : InsightCatalog.InsightNotFound(insightId), cancellationToken);

    private static Task<Results<Ok<IReadOnlyList<DashboardDefinition>>, ProblemHttpResult>> ListDashboards(
        Guid projectId, ClaimsPrincipal user, IProjectAccess access, InsightCatalog catalog, CancellationToken cancellationToken) =>
        ReadAsync(access, user, projectId, async _ => Ok(await catalog.ListDashboardsAsync(projectId, cancellationToken)), cancellationToken);

    private static async Task<Results<Created<DashboardDefinition>, ProblemHttpResult>> CreateDashboard(
        Guid projectId, DashboardInput input, ClaimsPrincipal user, IProjectAccess access, InsightCatalog catalog, CancellationToken cancellationToken)
    {
        var saved = await EditAsync(access, user, projectId, () => catalog.SaveDashboardAsync(projectId, null, input, cancellationToken), cancellationToken);
        return saved.IsSuccess
            ? TypedResults.Created($"/api/projects/{projectId}/dashboards/{saved.Value.Id}", saved.Value)
            : ExploreProblems.ToProblem(saved.Error);
    }

    private static Task<Results<Ok<DashboardDefinition>, ProblemHttpResult>> GetDashboard(
        Guid projectId, Guid dashboardId, ClaimsPrincipal user, IProjectAccess access, InsightCatalog catalog, CancellationToken cancellationToken) =>
        ReadAsync(access, user, projectId, async _ => await catalog.FindDashboardAsync(projectId, dashboardId, cancellationToken) is { } dashboard
            ? Ok(dashboard)
            : InsightCatalog.DashboardNotFound(dashboardId), cancellationToken);

    private static async Task<Results<Ok<DashboardDefinition>, ProblemHttpResult>> UpdateDashboard(
        Guid projectId, Guid dashboardId, DashboardInput input, ClaimsPrincipal user, IProjectAccess access, InsightCatalog catalog, CancellationToken cancellationToken) =>
        OkOrProblem(await EditAsync(access, user, projectId, () => catalog.SaveDashboardAsync(projectId, dashboardId, input, cancellationToken), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteDashboard(
        Guid projectId, Guid dashboardId, ClaimsPrincipal user, IProjectAccess access, InsightCatalog catalog, CancellationToken cancellationToken) =>
        await DeleteAsync(access, user, projectId, () => catalog.DeleteDashboardAsync(projectId, dashboardId, cancellationToken), InsightCatalog.DashboardNotFound(dashboardId), cancellationToken);

    private static async Task<Results<Ok<DashboardDefinition>, ProblemHttpResult>> AddTile(
        Guid projectId, Guid dashboardId, DashboardTile tile, ClaimsPrincipal user, IProjectAccess access, InsightCatalog catalog, CancellationToken cancellationToken) =>
        OkOrProblem(await EditAsync(access, user, projectId, () => catalog.AddTileAsync(projectId, dashboardId, tile, cancellationToken), cancellationToken));

    private static async Task<Results<Ok<DashboardDefinition>, ProblemHttpResult>> RemoveTile(
        Guid projectId, Guid dashboardId, Guid insightId, ClaimsPrincipal user, IProjectAccess access, InsightCatalog catalog, CancellationToken cancellationToken) =>
        OkOrProblem(await EditAsync(access, user, projectId, () => catalog.RemoveTileAsync(projectId, dashboardId, insightId, cancellationToken), cancellationToken));

    private static Task<Results<Ok<DashboardAnswer>, ProblemHttpResult>> DashboardResults(
        Guid projectId, Guid dashboardId, string? from, string? to, ClaimsPrincipal user, IProjectAccess access, InsightCatalog catalog, CancellationToken cancellationToken) =>
        ReadAsync(access, user, projectId, async zone => await catalog.FindDashboardAsync(projectId, dashboardId, cancellationToken) is { } dashboard
            ? await catalog.AnswerAsync(dashboard, zone, RangeOf(from, to), cancellationToken)
            : InsightCatalog.DashboardNotFound(dashboardId), cancellationToken);

    /// <summary>Answers <paramref name="read"/> (given the project's time zone) when the user may read the project.</summary>
    private static async Task<Results<Ok<T>, ProblemHttpResult>> ReadAsync<T>(
        IProjectAccess access, ClaimsPrincipal user, Guid projectId, Func<string, Task<Result<T>>> read, CancellationToken cancellationToken)
    {
        var zone = await access.ReadTimeZoneAsync(user, projectId, cancellationToken);
        return OkOrProblem(zone.IsSuccess ? await read(zone.Value) : zone.Error);
    }

    /// <summary>Runs <paramref name="edit"/> when the user may save analysis objects in the project (every role but viewer).</summary>
    private static async Task<Result<T>> EditAsync<T>(IProjectAccess access, ClaimsPrincipal user, Guid projectId, Func<Task<Result<T>>> edit, CancellationToken cancellationToken) =>
        await access.CanEditAsync(user, projectId, cancellationToken) is { } denied ? denied : await edit();

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        IProjectAccess access, ClaimsPrincipal user, Guid projectId, Func<Task<bool>> delete, Error notFound, CancellationToken cancellationToken)
    {
        var deleted = await EditAsync(access, user, projectId, async () => await delete() ? Result<bool>.Ok(true) : notFound, cancellationToken);
        return deleted.IsSuccess ? TypedResults.NoContent() : ExploreProblems.ToProblem(deleted.Error);
    }

    private static Result<T> Ok<T>(T value) => Result<T>.Ok(value);

    private static Results<Ok<T>, ProblemHttpResult> OkOrProblem<T>(Result<T> result) =>
        result.IsSuccess ? TypedResults.Ok(result.Value) : ExploreProblems.ToProblem(result.Error);

    private static DateRange? RangeOf(string? from, string? to) => from is null && to is null ? null : new DateRange(from, to);
}
