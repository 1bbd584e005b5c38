using Microsoft.AspNetCore.Http.HttpResults;
using Yunying.Core.Results;

namespace Yunying.Server.Http;

/// <summary>Expected failures become RFC 7807 problem details here, at the edge, and nowhere else.</summary>
public static class Problems
{
    public static int StatusCode(this ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static ProblemHttpResult ToProblem(this Error error)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Field is not null)
        {
            extensions["errors"] = new Dictionary<string, string[]> { [error.Field] = [error.Message] };
        }

        return TypedResults.Problem(
            detail: error.Message,
            statusCode: error.Kind.StatusCode(),
            title: Title(error.Kind),
            type: "urn:yunying:problem:" + error.Code,
            extensions: extensions);
    }

    /// <summary>A 400 for a request body that is missing or is not the JSON the endpoint expects.</summary>
    public static ProblemHttpResult BadBody(string detail) =>
        Error.Validation("request.invalid_body", detail).ToProblem();

    private static string Title(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => "Invalid input",
        ErrorKind.Unauthorized => "Unauthorized",
        ErrorKind.Forbidden => "Forbidden",
        ErrorKind.NotFound => "Not found",
        ErrorKind.Conflict => "Conflict",
        ErrorKind.TooManyRequests => "Too many requests",
        _ => "Error",
    };
}
