using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Yunying.Analytics.Explore;
using Yunying.Core.Results;

namespace Yunying.Analytics.People;

/// <summary>The people API: list and search people, a person's profile and timeline, and forgetting a person.</summary>
public static class PeopleEndpoints
{
    public static RouteGroupBuilder MapPeopleEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/projects/{projectId:guid}/people").WithTags("People").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListPeople)
            .WithSummary("Lists people, most recently seen first. 'search' matches part of a distinct id or of a person property value; 'distinctId' finds the person with exactly that id.");
        group.MapGet("/{personId:guid}", GetPerson)
            .WithSummary("A person's profile: current properties, every distinct id merged into them, groups, activity, and merges that were refused.");
        group.MapGet("/{personId:guid}/events", ListPersonEvents)
            .WithSummary("A person's events (all their distinct ids), newest first; 'before' pages back, 'after' asks only for newer events.");
        group.MapDelete("/{personId:guid}", ForgetPerson)
            .WithSummary("Forgets a person: deletes every event of every distinct id of theirs, durably. Owners and admins only.");
        return group;
    }

    private static async Task<Results<Ok<PeoplePage>, ProblemHttpResult>> ListPeople(
        Guid projectId, string? search, string? distinctId, int? offset, int? limit, ClaimsPrincipal user, IProjectAccess access, PeopleDirectory people, CancellationToken cancellationToken)
    {
        if (await access.CanReadAsync(user, projectId, cancellationToken) is { } denied)
        {
            return ExploreProblems.ToProblem(denied);
        }

        if (limit is < 1 or > PeopleDirectory.MaxLimit)
        {
            return ExploreProblems.ToProblem(Error.Validation("people.limit_invalid", $"limit is between 1 and {PeopleDirectory.MaxLimit}.", "limit"));
        }

        if (offset is < 0)
        {
            return ExploreProblems.ToProblem(Error.Validation("people.offset_invalid", "offset is 0 or more.", "offset"));
        }

        if (!string.IsNullOrWhiteSpace(distinctId))
        {
            var found = await people.FindAsync(projectId, null, distinctId.Trim(), cancellationToken);
            return TypedResults.Ok(new PeoplePage(found is null ? [] : [found.Summary], found is null ? 0 : 1, null));
        }

        return TypedResults.Ok(await people.ListAsync(projectId, search, offset ?? 0, limit ?? PeopleDirectory.DefaultLimit, cancellationToken));
    }

    private static async Task<Results<Ok<PersonProfile>, ProblemHttpResult>> GetPerson(
        Guid projectId, Guid personId, ClaimsPrincipal user, IProjectAccess access, PeopleDirectory people, CancellationToken cancellationToken)
    {
        if (await access.CanReadAsync(user, projectId, cancellationToken) is { } denied)
        {
            return ExploreProblems.ToProblem(denied);
        }

        return await people.FindAsync(projectId, personId, null, cancellationToken) is { } profile
            ? TypedResults.Ok(profile)
            : ExploreProblems.ToProblem(PersonNotFound(personId));
    }

    private static async Task<Results<Ok<EventPage>, ProblemHttpResult>> ListPersonEvents(
        Guid projectId,
        Guid personId,
        string? before,
        string? after,
        int? limit,
        ClaimsPrincipal user,
        IProjectAccess access,
        PeopleDirectory people,
        EventFinder finder,
        CancellationToken cancellationToken)
    {
        if (await access.CanReadAsync(user, projectId, cancellationToken) is { } denied)
        {
            return ExploreProblems.ToProblem(denied);
        }

        if (!EventsEndpoints.TryBuild(null, null, null, null, before, after, limit, out var query, out var invalid))
        {
            return ExploreProblems.ToProblem(invalid);
        }

        if (await people.DistinctIdsAsync(projectId, personId, cancellationToken) is not { } ids)
        {
            return ExploreProblems.ToProblem(PersonNotFound(personId));
        }

        return TypedResults.Ok(await finder.FindAsync(projectId, query with { DistinctIds = ids }, cancellationToken));
    }

    private static async Task<Results<Ok<PersonForgotten>, ProblemHttpResult>> ForgetPerson(
        Guid projectId, Guid personId, ClaimsPrincipal user, IProjectAccess access, PeopleDirectory people, CancellationToken cancellationToken)
    {
        if (await access.CanManageAsync(user, projectId, cancellationToken) is { } denied)
        {
            return ExploreProblems.ToProblem(denied);
        }

        return await people.ForgetAsync(projectId, personId, cancellationToken) is { } forgotten
            ? TypedResults.Ok(forgotten)
            : ExploreProblems.ToProblem(PersonNotFound(personId));
    }

    private static Error PersonNotFound(Guid personId) => Error.NotFound("people.not_found", $"No person with id {personId} in this project.");
}
