namespace Yunying.Data.Operators;

/// <summary>A token an operator creates for scripts. It acts with that operator's roles; only its hash is kept.</summary>
public sealed class PersonalToken
{
    public Guid Id { get; set; }

    public Guid OperatorId { get; set; }

    public Operator? Operator { get; set; }

    public required string Name { get; set; }

    public required string TokenHash { get; set; }

    public required string TokenHint { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
