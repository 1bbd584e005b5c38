using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Yunying.Core.Results;

namespace Yunying.Analytics.Explore;

/// <summary>The events API: a project's events, newest first, filtered and paged; polled with <c>after</c> it is a live tail.</summary>
public static class EventsEndpoints
{
    public static RouteGroupBuilder MapEventsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/projects/{projectId:guid}/events").WithTags("Events").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListEvents)
            .WithSummary("Lists events newest first, filtered by event name, distinct id and a property (key, optionally = value). 'before' (the 'next' cursor, UTC microseconds or ISO-8601) pages back; 'after' (the 'newest' cursor) asks only for newer events.");
        return group;
    }

    private static async Task<Results<Ok<EventPage>, ProblemHttpResult>> ListEvents(
        Guid projectId,
        [FromQuery(Name = "event")] string? eventName,
        string? distinctId,
        string? property,
        string? value,
        string? before,
        string? after,
        int? limit,
        ClaimsPrincipal user,
        IProjectAccess access,
        EventFinder finder,
        CancellationToken cancellationToken)
    {
        if (await access.CanReadAsync(user, projectId, cancellationToken) is { } denied)
        {
            return ExploreProblems.ToProblem(denied);
        }

        if (!TryBuild(eventName, distinctId, property, value, before, after, limit, out var query, out var invalid))
        {
            return ExploreProblems.ToProblem(invalid);
        }

        return TypedResults.Ok(await finder.FindAsync(projectId, query, cancellationToken));
    }

    /// <summary>Checks and assembles the query parameters (the dashboard page uses the same rules).</summary>
    public static bool TryBuild(
        string? eventName, string? distinctId, string? property, string? value, string? before, string? after, int? limit, out EventQuery query, out Error invalid)
    {
        query = new EventQuery();
        invalid = null!;
        EventCursor? beforeCursor = null;
        EventCursor? afterCursor = null;
        if (limit is < 1 or > EventQuery.MaxLimit)
        {
            invalid = Error.Validation("events.limit_invalid", $"limit is between 1 and {EventQuery.MaxLimit}.", "limit");
            return false;
        }

        if (!string.IsNullOrWhiteSpace(before) && !EventCursor.TryParse(before, out beforeCursor))
        {
            invalid = Error.Validation("events.cursor_invalid", "before is a cursor from 'next', UTC microseconds since 1970, or an ISO-8601 instant.", "before");
            return false;
        }

        if (!string.IsNullOrWhiteSpace(after) && !EventCursor.TryParse(after, out afterCursor))
        {
            invalid = Error.Validation("events.cursor_invalid", "after is a cursor from 'newest', UTC microseconds since 1970, or an ISO-8601 instant.", "after");
            return false;
        }

        if (string.IsNullOrEmpty(property) && !string.IsNullOrEmpty(value))
        {
            invalid = Error.Validation("events.property_missing", "value needs property: the key whose value to compare.", "property");
            return false;
        }

        query = new EventQuery(
            Blank(eventName),
            Blank(distinctId),
            Blank(property),
            string.IsNullOrEmpty(value) ? null : value,
            beforeCursor,
            afterCursor,
            limit ?? EventQuery.DefaultLimit);
        return true;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
