using Microsoft.AspNetCore.Http.HttpResults;
using Yunying.Data;

namespace Yunying.Server.Http;

/// <summary>Liveness and readiness for load balancers and orchestrators.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("alive", null)))
            .WithTags("Health").WithSummary("Answers while the process is alive.");
        routes.MapGet("/readyz", Ready).WithTags("Health").WithSummary("Answers 200 when the state store is reachable, 503 otherwise.");
        return routes;
    }

    private static async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> Ready(YunyingDbContext db, IStateStoreProvider provider, CancellationToken cancellationToken)
    {
        return await db.Database.CanConnectAsync(cancellationToken)
            ? TypedResults.Ok(new HealthResponse("ready", provider.Name))
            : TypedResults.Problem($"The {provider.Name} state store is not reachable.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready");
    }
}
