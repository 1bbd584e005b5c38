using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Yunying.Analytics.Explore;

namespace Yunying.Analytics.Schema;

/// <summary>Schema discovery: which events and property keys a project's data holds.</summary>
public static class SchemaEndpoints
{
    public static RouteGroupBuilder MapSchemaEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/projects/{projectId:guid}/schema").WithTags("Schema").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/events", ListEvents)
            .WithSummary("Lists the event names a project has received, with volume and first/last seen, most frequent first.");
        group.MapGet("/properties", ListProperties)
            .WithSummary("Lists property keys (of one event's events with 'event', else of all) with inferred types, up to five sample values, volume and first/last seen.");
        return group;
    }

    private static async Task<Results<Ok<EventSchema[]>, ProblemHttpResult>> ListEvents(
        Guid projectId, ClaimsPrincipal user, IProjectAccess access, SchemaCatalog catalog, CancellationToken cancellationToken)
    {
        if (await access.CanReadAsync(user, projectId, cancellationToken) is { } denied)
        {
            return ExploreProblems.ToProblem(denied);
        }

        return TypedResults.Ok((await catalog.EventsAsync(projectId, cancellationToken)).ToArray());
    }

    private static async Task<Results<Ok<PropertySchema[]>, ProblemHttpResult>> ListProperties(
        Guid projectId, [FromQuery(Name = "event")] string? eventName, ClaimsPrincipal user, IProjectAccess access, SchemaCatalog catalog, CancellationToken cancellationToken)
    {
        if (await access.CanReadAsync(user, projectId, cancellationToken) is { } denied)
        {
            return ExploreProblems.ToProblem(denied);
        }

        var name = string.IsNullOrEmpty(eventName) ? null : eventName;
        return TypedResults.Ok((await catalog.PropertiesAsync(projectId, name, cancellationToken)).ToArray());
    }
}
