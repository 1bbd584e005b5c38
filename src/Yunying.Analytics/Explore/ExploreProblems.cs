using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Yunying.Core.Results;

namespace Yunying.Analytics.Explore;

/// <summary>Expected failures of the schema and events APIs as RFC 7807 problem details, shaped like the admin API's.</summary>
internal static class ExploreProblems
{
    public static ProblemHttpResult ToProblem(Error error)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Field is not null)
        {
            extensions["errors"] = new Dictionary<string, string[]> { [error.Field] = [error.Message] };
        }

        var (status, title) = error.Kind switch
        {
            ErrorKind.Validation => (StatusCodes.Status400BadRequest, "Invalid input"),
            ErrorKind.Unauthorized => (StatusCodes.Status401Unauthorized, "Unauthorized"),
            ErrorKind.Forbidden => (StatusCodes.Status403Forbidden, "Forbidden"),
            ErrorKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            ErrorKind.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
            ErrorKind.TooManyRequests => (StatusCodes.Status429TooManyRequests, "Too many requests"),
            _ => (StatusCodes.Status500InternalServerError, "Error"),
        };
        return TypedResults.Problem(detail: error.Message, statusCode: status, title: title, type: "urn:yunying:problem:" + error.Code, extensions: extensions);
    }
}
