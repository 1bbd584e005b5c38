using System.Diagnostics.CodeAnalysis;

namespace Yunying.Core.Results;

/// <summary>Either a value or an <see cref="Results.Error"/>. Expected failures travel as values, not exceptions.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    public Error? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>The value; reading it from a failed result is a bug.</summary>
    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"Result failed: {Error.Code}");

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(Error error) => new(default, error);

    public static implicit operator Result<T>(T value) => Ok(value);

    public static implicit operator Result<T>(Error error) => Fail(error);
}
