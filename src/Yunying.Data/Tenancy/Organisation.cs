namespace Yunying.Data.Tenancy;

/// <summary>A company or team; it owns projects.</summary>
public sealed class Organisation
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<Project> Projects { get; } = [];
}
