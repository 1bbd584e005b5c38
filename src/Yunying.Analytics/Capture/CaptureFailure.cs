using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Yunying.Analytics.Capture;

/// <summary>Why a whole capture request was refused; becomes RFC 7807 problem details at the edge.</summary>
/// <param name="Status">HTTP status: 400, 401, 413 or 503.</param>
/// <param name="Code">A stable dotted code such as <c>capture.unknown_key</c>.</param>
/// <param name="Detail">One readable sentence.</param>
/// <param name="Rejected">Per-event reasons, when every event of the request was rejected.</param>
internal sealed record CaptureFailure(int Status, string Code, string Detail, IReadOnlyList<Rejection>? Rejected = null)
{
    public static CaptureFailure Malformed(string detail) => new(StatusCodes.Status400BadRequest, "capture.malformed", detail);

    public static CaptureFailure TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, "capture.too_large", detail);

    public static CaptureFailure MissingKey() => new(
        StatusCodes.Status401Unauthorized, "capture.missing_key", "Send the project's write key (api_key, token, writeKey or HTTP Basic user name).");

    public static CaptureFailure UnknownKey() => new(
        StatusCodes.Status401Unauthorized, "capture.unknown_key", "No project has this write key; copy it again from the project's settings.");

    public static CaptureFailure Unavailable(string detail) => new(StatusCodes.Status503ServiceUnavailable, "capture.unavailable", detail);

    public ProblemHttpResult ToProblem()
    {
        var extensions = new Dictionary<string, object?> { ["code"] = Code };
        if (Rejected is not null)
        {
            extensions["rejected"] = Rejected;
        }

        return TypedResults.Problem(detail: Detail, statusCode: Status, title: Title(Status), type: "urn:yunying:problem:" + Code, extensions: extensions);
    }

    private static string Title(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Invalid input",
        StatusCodes.Status401Unauthorized => "Unauthorized",
        StatusCodes.Status413PayloadTooLarge => "Payload too large",
        StatusCodes.Status503ServiceUnavailable => "Service unavailable",
        _ => "Error",
    };
}
