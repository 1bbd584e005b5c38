using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Yunying.Analytics.Explore;
using Yunying.Analytics.People;
using Yunying.Core.Results;

namespace Yunying.Analytics.Cohorts;

/// <summary>The cohorts API (用户分群): save dynamic and static cohorts, see their size and their people.</summary>
public static class CohortEndpoints
{
    public static RouteGroupBuilder MapCohortEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/projects/{projectId:guid}/cohorts").WithTags("Cohorts").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", List).WithSummary("The project's cohorts with their current sizes.");
        group.MapPost("/", Create)
            .WithSummary("Saves a cohort: 'rule' for a dynamic one (performed, sequence, property, cohort, lifecycle; and/or/not), or 'distinctIds' or 'query' (a people query) for a static one. Every role but viewer.");
        group.MapGet("/{cohortId:guid}", Get).WithSummary("A cohort and its current size.");
        group.MapPut("/{cohortId:guid}", Update).WithSummary("Changes a cohort's name, description and rule or ids. Every role but viewer.");
        group.MapDelete("/{cohortId:guid}", Delete).WithSummary("Deletes a cohort. Every role but viewer.");
        group.MapGet("/{cohortId:guid}/people", People).WithSummary("The cohort's people now, most recently seen first.");
        group.MapGet("/{cohortId:guid}/sizes", Sizes)
            .WithSummary("The cohort's size at the end of each day, week or month of a range (default: the last 30 days by day), the rule evaluated as of then.");
        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<CohortView>>, ProblemHttpResult>> List(
        Guid projectId, ClaimsPrincipal user, IProjectAccess access, CohortCatalog catalog, CancellationToken cancellationToken)
    {
        var zone = await access.ReadTimeZoneAsync(user, projectId, cancellationToken);
        if (!zone.IsSuccess)
        {
            return ExploreProblems.ToProblem(zone.Error);
        }

        var views = await catalog.ListWithSizesAsync(projectId, zone.Value, cancellationToken);
        return views.IsSuccess ? TypedResults.Ok(views.Value) : ExploreProblems.ToProblem(views.Error);
    }

    private static async Task<Results<Created<CohortView>, ProblemHttpResult>> Create(
        Guid projectId, CohortInput input, ClaimsPrincipal user, IProjectAccess access, CohortCatalog catalog, CancellationToken cancellationToken)
    {
        var saved = await SaveAsync(projectId, null, input, user, access, catalog, cancellationToken);
        return saved.IsSuccess
            ? TypedResults.Created($"/api/projects/{projectId}/cohorts/{saved.Value.Cohort.Id}", saved.Value)
            : ExploreProblems.ToProblem(saved.Error);
    }

    private static async Task<Results<Ok<CohortView>, ProblemHttpResult>> Update(
        Guid projectId, Guid cohortId, CohortInput input, ClaimsPrincipal user, IProjectAccess access, CohortCatalog catalog, CancellationToken cancellationToken)
    {
        var saved = await SaveAsync(projectId, cohortId, input, user, access, catalog, cancellationToken);
        return saved.IsSuccess ? TypedResults.Ok(saved.Value) : ExploreProblems.ToProblem(saved.Error);
    }

    private static async Task<Result<CohortView>> SaveAsync(
        Guid projectId, Guid? cohortId, CohortInput input, ClaimsPrincipal user, IProjectAccess access, CohortCatalog catalog, CancellationToken cancellationToken)
    {
        if (await access.CanEditAsync(user, projectId, cancellationToken) is { } denied)
        {
            return denied;
        }

        var zone = await access.ReadTimeZoneAsync(user, projectId, cancellationToken);
        if (!zone.IsSuccess)
        {
            return zone.Error;
        }

        var saved = await catalog.SaveAsync(projectId, cohortId, input, zone.Value, cancellationToken);
        if (!saved.IsSuccess)
        {
            return saved.Error;
        }

        return await ViewAsync(projectId, saved.Value, zone.Value, catalog, cancellationToken);
    }

    private static async Task<Results<Ok<CohortView>, ProblemHttpResult>> Get(
        Guid projectId, Guid cohortId, ClaimsPrincipal user, IProjectAccess access, CohortCatalog catalog, CancellationToken cancellationToken)
    {
        var zone = await access.ReadTimeZoneAsync(user, projectId, cancellationToken);
        if (!zone.IsSuccess)
        {
            return ExploreProblems.ToProblem(zone.Error);
        }

        if (await catalog.FindAsync(projectId, cohortId, cancellationToken) is not { } cohort)
        {
            return ExploreProblems.ToProblem(NotFound(cohortId));
        }

        var view = await ViewAsync(projectId, cohort, zone.Value, catalog, cancellationToken);
        return view.IsSuccess ? TypedResults.Ok(view.Value) : ExploreProblems.ToProblem(view.Error);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid projectId, Guid cohortId, ClaimsPrincipal user, IProjectAccess access, CohortCatalog catalog, CancellationToken cancellationToken)
    {
        if (await access.CanEditAsync(user, projectId, cancellationToken) is { } denied)
        {
            return ExploreProblems.ToProblem(denied);
        }

        return await catalog.DeleteAsync(projectId, cohortId, cancellationToken) ? TypedResults.NoContent() : ExploreProblems.ToProblem(NotFound(cohortId));
    }

    private static async Task<Results<Ok<PeoplePage>, ProblemHttpResult>> People(
        Guid projectId, Guid cohortId, int? offset, int? limit, ClaimsPrincipal user, IProjectAccess access, CohortCatalog catalog, CancellationToken cancellationToken)
    {
        var zone = await access.ReadTimeZoneAsync(user, projectId, cancellationToken);
        if (!zone.IsSuccess)
        {
            return ExploreProblems.ToProblem(zone.Error);
        }

        if (limit is < 1 or > PeopleDirectory.MaxLimit || offset is < 0)
        {
            return ExploreProblems.ToProblem(Error.Validation("people.limit_invalid", $"limit is between 1 and {PeopleDirectory.MaxLimit}; offset is 0 or more.", "limit"));
        }

        if (await catalog.FindAsync(projectId, cohortId, cancellationToken) is not { } cohort)
        {
            return ExploreProblems.ToProblem(NotFound(cohortId));
        }

        var context = await catalog.ContextAsync(projectId, zone.Value, cancellationToken);
        if (!context.IsSuccess)
        {
            return ExploreProblems.ToProblem(context.Error);
        }

        var members = catalog.Members(cohort, context.Value);
        if (!members.IsSuccess)
        {
            return ExploreProblems.ToProblem(members.Error);
        }

        var set = members.Value;
        return TypedResults.Ok(PeopleDirectory.List(context.Value.Persons, null, offset ?? 0, limit ?? PeopleDirectory.DefaultLimit, set.Contains));
    }

    private static async Task<Results<Ok<CohortSizes>, ProblemHttpResult>> Sizes(
        Guid projectId, Guid cohortId, string? from, string? to, string? interval, ClaimsPrincipal user, IProjectAccess access, CohortCatalog catalog, CancellationToken cancellationToken)
    {
        var zone = await access.ReadTimeZoneAsync(user, projectId, cancellationToken);
        if (!zone.IsSuccess)
        {
            return ExploreProblems.ToProblem(zone.Error);
        }

        if (!Enum.TryParse<Query.Interval>(interval ?? "day", ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            return ExploreProblems.ToProblem(Error.Validation("cohort.interval_invalid", "interval is day, week or month.", "interval"));
        }

        if (await catalog.FindAsync(projectId, cohortId, cancellationToken) is not { } cohort)
        {
            return ExploreProblems.ToProblem(NotFound(cohortId));
        }

        var context = await catalog.ContextAsync(projectId, zone.Value, cancellationToken);
        if (!context.IsSuccess)
        {
            return ExploreProblems.ToProblem(context.Error);
        }

        var sizes = catalog.Sizes(cohort, context.Value, from is null && to is null ? null : new Query.DateRange(from, to), parsed);
        return sizes.IsSuccess ? TypedResults.Ok(sizes.Value) : ExploreProblems.ToProblem(sizes.Error);
    }

    private static async Task<Result<CohortView>> ViewAsync(Guid projectId, CohortDefinition cohort, string timeZone, CohortCatalog catalog, CancellationToken cancellationToken)
    {
        var context = await catalog.ContextAsync(projectId, timeZone, cancellationToken);
        if (!context.IsSuccess)
        {
            return context.Error;
        }

        var members = catalog.Members(cohort, context.Value);
        return members.IsSuccess ? new CohortView(cohort, members.Value.Count) : members.Error;
    }

    private static Error NotFound(Guid id) => Error.NotFound("cohort.not_found", $"No cohort with id {id} in this project.");
}
