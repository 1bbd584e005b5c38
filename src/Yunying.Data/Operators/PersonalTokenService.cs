using Microsoft.EntityFrameworkCore;
using Yunying.Core.Results;
using Yunying.Core.Security;

namespace Yunying.Data.Operators;

/// <summary>Personal API tokens: created and shown once, kept as a hash, revocable.</summary>
public sealed class PersonalTokenService(YunyingDbContext db, TimeProvider clock)
{
    public async Task<Result<(PersonalToken Token, string Secret)>> CreateAsync(Guid operatorId, string? name, int? expiresInDays, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            return Error.Validation("token.name_invalid", "A token name is required and has at most 100 characters.", "name");
        }

        if (expiresInDays is < 1 or > 3650)
        {
            return Error.Validation("token.expiry_invalid", "A token expires after 1 to 3650 days, or never.", "expiresInDays");
        }

        if (!await db.Operators.AnyAsync(o => o.Id == operatorId, cancellationToken))
        {
            return Error.NotFound("operator.not_found", "The operator does not exist.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var secret = Secrets.NewPersonalToken();
        var token = new PersonalToken
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            OperatorId = operatorId,
            Name = name.Trim(),
            TokenHash = Secrets.Hash(secret),
            TokenHint = Secrets.Hint(secret),
            CreatedAt = now,
            ExpiresAt = expiresInDays is { } days ? now.AddDays(days) : null,
        };
        db.PersonalTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return (token, secret);
    }

    public Task<List<PersonalToken>> ListAsync(Guid operatorId, CancellationToken cancellationToken) =>
        db.PersonalTokens.AsNoTracking()
            .Where(t => t.OperatorId == operatorId && t.RevokedAt == null)
            .OrderByDescending(t => t.CreatedAt)
            .ToListAsync(cancellationToken);

    public async Task<Result<PersonalToken>> RevokeAsync(Guid operatorId, Guid tokenId, CancellationToken cancellationToken)
    {
        var token = await db.PersonalTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.OperatorId == operatorId && t.RevokedAt == null, cancellationToken);
        if (token is null)
        {
            return Error.NotFound("token.not_found", "No such token.");
        }

        token.RevokedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>The operator a token belongs to, when the token is known, not revoked and not expired.</summary>
    public async Task<Operator?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(Secrets.PersonalTokenPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = Secrets.Hash(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        var token = await db.PersonalTokens.Include(t => t.Operator)
            .FirstOrDefaultAsync(t => t.TokenHash == hash && t.RevokedAt == null, cancellationToken);
        if (token is null || token.ExpiresAt <= now)
        {
            return null;
        }

        // Last use is informative; a minute's precision keeps a busy script from writing on every call.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return token.Operator;
    }
}
