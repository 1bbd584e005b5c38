using Yunying.Data.Operators;

namespace Yunying.Server.Operators;

public sealed record LoginRequest(string? UserName, string? Password);

public sealed record CreateOperatorRequest(string? UserName, string? Password, string? DisplayName, bool IsAdministrator);

public sealed record OperatorResponse(Guid Id, string UserName, string? DisplayName, bool IsAdministrator, string? Locale, DateTime CreatedAt)
{
    public static OperatorResponse From(Operator o) => new(o.Id, o.UserName, o.DisplayName, o.IsAdministrator, o.Locale, o.CreatedAt);
}
