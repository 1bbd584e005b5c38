using Microsoft.AspNetCore.Http.HttpResults;
using Yunying.Analytics.Storage;
using Yunying.Data;

namespace Yunying.Server.Http;

/// <summary>Liveness and readiness for load balancers and orchestrators.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("alive", null)))
            .WithTags("Health").WithSummary("Answers while the process is alive.");
        routes.MapGet("/readyz", Ready).WithTags("Health").WithSummary("Answers 200 when the state store is reachable and the event data present at start is open, 503 otherwise.");
        return routes;
    }

    private static async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> Ready(YunyingDbContext db, IStateStoreProvider provider, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return TypedResults.Problem($"The {provider.Name} state store is not reachable.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready");
        }

        return services.GetService<EventDataWarmup>() is { IsDone: false }
            ? TypedResults.Problem("The event data is still being opened.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready")
            : TypedResults.Ok(new HealthResponse("ready", provider.Name));
    }
}
