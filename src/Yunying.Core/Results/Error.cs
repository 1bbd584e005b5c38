namespace Yunying.Core.Results;

/// <summary>An expected failure: a stable machine-readable <paramref name="Code"/> and a sentence for people.</summary>
/// <param name="Kind">Decides the HTTP status and the CLI exit code.</param>
/// <param name="Code">A stable dotted code such as <c>project.not_found</c>.</param>
/// <param name="Message">One readable sentence.</param>
/// <param name="Field">The input field at fault, for validation errors.</param>
public sealed record Error(ErrorKind Kind, string Code, string Message, string? Field = null)
{
    public static Error Validation(string code, string message, string? field = null) => new(ErrorKind.Validation, code, message, field);

    public static Error NotFound(string code, string message) => new(ErrorKind.NotFound, code, message);

    public static Error Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);

    public static Error Forbidden(string code, string message) => new(ErrorKind.Forbidden, code, message);

    public static Error Unauthorized(string code, string message) => new(ErrorKind.Unauthorized, code, message);
}
