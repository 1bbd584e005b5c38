using Yunying.Data.Operators;

namespace Yunying.Server.Tokens;

public sealed record CreateTokenRequest(string? Name, int? ExpiresInDays);

/// <summary>A personal token as listed: never the token itself, only its first characters.</summary>
public sealed record TokenResponse(Guid Id, string Name, string TokenHint, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt)
{
    public static TokenResponse From(PersonalToken t) => new(t.Id, t.Name, t.TokenHint, t.CreatedAt, t.ExpiresAt, t.LastUsedAt);
}

/// <summary>A new personal token, shown this once.</summary>
public sealed record CreatedTokenResponse(Guid Id, string Name, string Token, DateTime CreatedAt, DateTime? ExpiresAt);
