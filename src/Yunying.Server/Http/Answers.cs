using Microsoft.AspNetCore.Http.HttpResults;
using Yunying.Core.Results;

namespace Yunying.Server.Http;

/// <summary>Maps a service result to 200 with the mapped value, or to its problem details.</summary>
public static class Answers
{
    public static Results<Ok<TOut>, ProblemHttpResult> Of<TIn, TOut>(Result<TIn> result, Func<TIn, TOut> map) =>
        result.IsSuccess ? TypedResults.Ok(map(result.Value)) : result.Error.ToProblem();
}
