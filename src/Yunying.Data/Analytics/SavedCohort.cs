namespace Yunying.Data.Analytics;

/// <summary>A saved cohort of a project. Its rule or ids are JSON text that the analytics area reads and writes.</summary>
public sealed class SavedCohort
{
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    public Tenancy.Project? Project { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>The cohort's rule (dynamic) or distinct ids (static), as the analytics area serialises it.</summary>
    public string Definition { get; set; } = "{}";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
