using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Yunying.Core.Results;

namespace Yunying.Data.Operators;

/// <summary>Operator accounts: creation, password sign-in with lockout, and preferences.</summary>
public sealed class OperatorService(YunyingDbContext db, TimeProvider clock)
{
    /// <summary>Consecutive failed sign-ins that lock an account.</summary>
    public const int MaxFailedLogins = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private static readonly PasswordHasher<Operator> Hasher = new();

    public async Task<Result<Operator>> CreateAsync(string userName, string password, bool isAdministrator, string? displayName, CancellationToken cancellationToken)
    {
        if (Validation.UserName(userName) is { } nameError)
        {
            return nameError;
        }

        if (Validation.Password(password) is { } passwordError)
        {
            return passwordError;
        }

        var normalized = Normalize(userName);
        if (await db.Operators.AnyAsync(o => o.NormalizedUserName == normalized, cancellationToken))
        {
            return Error.Conflict("operator.user_name_taken", $"The user name '{userName}' is taken.");
        }

        var account = new Operator
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            UserName = userName,
            NormalizedUserName = normalized,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
            PasswordHash = string.Empty,
            IsAdministrator = isAdministrator,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        account.PasswordHash = Hasher.HashPassword(account, password);
        db.Operators.Add(account);
        await db.SaveChangesAsync(cancellationToken);
        return account;
    }

    public Task<Operator?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Operators.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);

    public Task<Operator?> FindByUserNameAsync(string userName, CancellationToken cancellationToken)
    {
        var normalized = Normalize(userName);
        return db.Operators.AsNoTracking().FirstOrDefaultAsync(o => o.NormalizedUserName == normalized, cancellationToken);
    }

    /// <summary>
    /// Checks a password. Unknown names and wrong passwords give the same answer; after
    /// <see cref="MaxFailedLogins"/> failures in a row the account is locked for <see cref="LockoutDuration"/>,
    /// and while locked even the right password is refused.
    /// </summary>
    public async Task<Result<Operator>> SignInAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        var wrong = Error.Unauthorized("auth.invalid_credentials", "The user name or password is wrong.");
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password))
        {
            return wrong;
        }

        var normalized = Normalize(userName);
        var account = await db.Operators.FirstOrDefaultAsync(o => o.NormalizedUserName == normalized, cancellationToken);
        if (account is null)
        {
            return wrong;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (account.LockedUntil is { } until && until > now)
        {
            return new Error(ErrorKind.TooManyRequests, "auth.locked_out", $"Too many failed sign-ins; this account is locked until {until:u}.");
        }

        var verdict = Hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            account.FailedLoginCount++;
            if (account.FailedLoginCount >= MaxFailedLogins)
            {
                account.LockedUntil = now + LockoutDuration;
                account.FailedLoginCount = 0;
            }

            await db.SaveChangesAsync(cancellationToken);
            return wrong;
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = Hasher.HashPassword(account, password);
        }

        account.FailedLoginCount = 0;
        account.LockedUntil = null;
        account.LastLoginAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return account;
    }

    public async Task<Result<Operator>> SetPasswordAsync(string userName, string password, CancellationToken cancellationToken)
    {
        if (Validation.Password(password) is { } passwordError)
        {
            return passwordError;
        }

        var normalized = Normalize(userName);
        var account = await db.Operators.FirstOrDefaultAsync(o => o.NormalizedUserName == normalized, cancellationToken);
        if (account is null)
        {
            return Error.NotFound("operator.not_found", $"No operator is named '{userName}'.");
        }

        account.PasswordHash = Hasher.HashPassword(account, password);
        account.FailedLoginCount = 0;
        account.LockedUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        return account;
    }

    public async Task SetLocaleAsync(Guid operatorId, string? locale, CancellationToken cancellationToken)
    {
        await db.Operators.Where(o => o.Id == operatorId)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Locale, locale), cancellationToken);
    }

    /// <summary>The oldest administrator account: who the local CLI acts as when no user is named.</summary>
    public Task<Operator?> FirstAdministratorAsync(CancellationToken cancellationToken) =>
        db.Operators.AsNoTracking().Where(o => o.IsAdministrator).OrderBy(o => o.CreatedAt).FirstOrDefaultAsync(cancellationToken);

    public Task<bool> AnyAsync(CancellationToken cancellationToken) => db.Operators.AnyAsync(cancellationToken);

    public static string Normalize(string userName) => userName.Trim().ToUpperInvariant();
}
