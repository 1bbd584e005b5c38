namespace Yunying.Data.Operators;

/// <summary>A person who logs into the dashboard or calls the admin API.</summary>
public sealed class Operator
{
    public Guid Id { get; set; }

    public required string UserName { get; set; }

    /// <summary>Upper-case invariant form of <see cref="UserName"/>; unique, so names are case-insensitive.</summary>
    public required string NormalizedUserName { get; set; }

    public string? DisplayName { get; set; }

    public required string PasswordHash { get; set; }

    /// <summary>Instance administrators may create organisations and operators. They get no project access by that alone.</summary>
    public bool IsAdministrator { get; set; }

    /// <summary>The dashboard language this operator chose (<c>en</c> or <c>zh-CN</c>); null follows the browser.</summary>
    public string? Locale { get; set; }

    public int FailedLoginCount { get; set; }

    public DateTime? LockedUntil { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastLoginAt { get; set; }
}
