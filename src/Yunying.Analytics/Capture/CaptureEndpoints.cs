using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Yunying.Analytics.Capture;

/// <summary>
/// Capture endpoints for existing SDKs (PostHog, Segment, Sensors) and Yunying's own. They are anonymous:
/// the project's public write key in the request is the credential. Browsers may call them from any origin.
/// </summary>
public static class CaptureEndpoints
{
    public const string CorsPolicy = "capture";

    // A 1×1 transparent GIF, the answer an image beacon expects.
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static IEndpointRouteBuilder MapCaptureEndpoints(this IEndpointRouteBuilder routes)
    {
        var sdks = routes.MapGroup(string.Empty).AllowAnonymous().RequireCors(CorsPolicy).DisableAntiforgery().ExcludeFromDescription();
        // Routing ignores a trailing slash, so "/batch" also serves the "/batch/" that PostHog SDKs call.
        foreach (var path in new[] { "/capture", "/batch", "/e", "/i/v0/e", "/track", "/engage" })
        {
            sdks.MapPost(path, PostHog);
        }

        foreach (var path in new[] { "/decide", "/flags" })
        {
            sdks.MapMethods(path, [HttpMethods.Get, HttpMethods.Post], Decide);
        }

        // posthog-js (1.200 and later) first loads its remote configuration from the assets host, which is the
        // api_host on a self-hosted server: as a script, then as JSON; only without it does it ask /flags/.
        sdks.MapGet("/array/{token}/config", RemoteConfig);
        sdks.MapGet("/array/{token}/config.js", RemoteConfigScript);

        sdks.MapPost("/v1/{type:regex(^(track|identify|page|screen|group|alias|batch|import)$)}", Segment);
        sdks.MapPost("/sa", Sensors);
        sdks.MapPost("/sa.gif", Sensors);
        sdks.MapGet("/sa.gif", SensorsBeacon);

        routes.MapPost("/api/capture", Native)
            .AllowAnonymous()
            .RequireCors(CorsPolicy)
            .DisableAntiforgery()
            .WithTags("Capture")
            .Accepts<NativeCaptureRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Records a batch of events with the project's public write key (in the body or as the HTTP Basic user name); gzip bodies are accepted. Bad events are rejected one by one and the rest stored.");
        return routes;
    }

    private static async Task<Results<Ok<PostHogCaptureResponse>, ProblemHttpResult>> PostHog(HttpRequest request, CaptureIngest ingest, CancellationToken cancellationToken)
    {
        var (outcome, failure) = await ingest.CaptureAsync(request, CaptureSource.PostHog, PostHogDecoder.Decode, cancellationToken);
        return outcome is null
            ? failure!.ToProblem()
            : TypedResults.Ok(new PostHogCaptureResponse(1, outcome.Accepted, outcome.Duplicates, outcome.Rejected));
    }

    private static async Task<Results<Ok<SegmentCaptureResponse>, ProblemHttpResult>> Segment(string type, HttpRequest request, CaptureIngest ingest, CancellationToken cancellationToken)
    {
        // Segment's /v1/import is the old name of /v1/batch.
        var kind = type == "import" ? "batch" : type;
        var (outcome, failure) = await ingest.CaptureAsync(request, CaptureSource.Segment, (r, body, _) => SegmentDecoder.Decode(r, body, kind), cancellationToken);
        return outcome is null
            ? failure!.ToProblem()
            : TypedResults.Ok(new SegmentCaptureResponse(true, outcome.Accepted, outcome.Duplicates, outcome.Rejected));
    }

    private static async Task<Results<Ok<CaptureResponse>, ProblemHttpResult>> Sensors(HttpRequest request, CaptureIngest ingest, CancellationToken cancellationToken)
    {
        var (outcome, failure) = await ingest.CaptureAsync(request, CaptureSource.Sensors, SensorsDecoder.Decode, cancellationToken);
        return outcome is null ? failure!.ToProblem() : TypedResults.Ok(new CaptureResponse(outcome.Accepted, outcome.Duplicates, outcome.Rejected));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> SensorsBeacon(HttpRequest request, CaptureIngest ingest, CancellationToken cancellationToken)
    {
        var (outcome, failure) = await ingest.CaptureAsync(request, CaptureSource.Sensors, SensorsDecoder.Decode, cancellationToken);
        return outcome is null ? failure!.ToProblem() : TypedResults.File(Pixel, "image/gif");
    }

    private static async Task<Results<Ok<CaptureResponse>, ProblemHttpResult>> Native(HttpRequest request, CaptureIngest ingest, CancellationToken cancellationToken)
    {
        var (outcome, failure) = await ingest.CaptureAsync(request, CaptureSource.Native, (r, body, _) => NativeDecoder.Decode(r, body), cancellationToken);
        return outcome is null ? failure!.ToProblem() : TypedResults.Ok(new CaptureResponse(outcome.Accepted, outcome.Duplicates, outcome.Rejected));
    }

    /// <summary>
    /// posthog-js asks for its remote configuration at start. This answers "no flags, no recording, no
    /// surveys, gzip accepted", so the browser SDK captures normally and compresses with gzip.
    /// Older posthog-js versions ask /decide/ for this; newer ones read <see cref="RemoteConfig"/> and ask /flags/ later.
    /// </summary>
    private static Ok<JsonObject> Decide()
    {
        var answer = Configuration();
        answer["toolbarParams"] = new JsonObject();
        answer["isAuthenticated"] = false;
        answer["featureFlags"] = new JsonObject();
        answer["featureFlagPayloads"] = new JsonObject();
        answer["flags"] = new JsonObject();
        answer["errorsWhileComputingFlags"] = false;
        answer["quotaLimited"] = new JsonArray();
        return TypedResults.Ok(answer);
    }

    /// <summary>The same configuration as <see cref="Decide"/> without flags, as posthog-js's remote config JSON.</summary>
    private static Ok<JsonObject> RemoteConfig(string token)
    {
        var answer = Configuration();
        answer["token"] = token;
        return TypedResults.Ok(answer);
    }

    /// <summary>The remote config as the script posthog-js loads first: it files the config under the token.</summary>
    private static ContentHttpResult RemoteConfigScript(string token)
    {
        var config = Configuration();
        config["token"] = token;
        var entry = new JsonObject { ["config"] = config, ["siteApps"] = new JsonArray() };
        // JSON text is a JavaScript literal; the default encoder also escapes '<', '>', '&' and quotes inside the token.
        var script = $$"""
            (function () {
              window._POSTHOG_REMOTE_CONFIG = window._POSTHOG_REMOTE_CONFIG || {};
              window._POSTHOG_REMOTE_CONFIG[{{JsonValue.Create(token).ToJsonString()}}] = {{entry.ToJsonString()}};
            })();
            """;
        return TypedResults.Text(script, "text/javascript", System.Text.Encoding.UTF8);
    }

    private static JsonObject Configuration() => new()
    {
        ["config"] = new JsonObject { ["enable_collect_everything"] = true },
        ["supportedCompression"] = new JsonArray("gzip", "gzip-js"),
        ["sessionRecording"] = false,
        ["capturePerformance"] = false,
        ["autocapture_opt_out"] = false,
        ["autocaptureExceptions"] = false,
        ["heatmaps"] = false,
        // No "surveys" key: posthog-js 1.4xx loads its surveys script from the assets host (here, this server, which
        // does not serve it) whenever the key is present, even as false; without it surveys simply stay off.
        ["siteApps"] = new JsonArray(),
        ["elementsChainAsString"] = true,
        ["hasFeatureFlags"] = false,
    };
}
