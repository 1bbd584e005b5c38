namespace Yunying.Data.Analytics;

/// <summary>A saved insight of a project: a named query (the JSON body of the query API) and how to draw it.</summary>
public sealed class SavedInsight
{
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    public Tenancy.Project? Project { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>The query as JSON text, exactly as <c>POST /api/projects/{id}/query</c> takes it.</summary>
    public string Query { get; set; } = "{}";

    /// <summary>How a trend is drawn (line, bar, stacked); null for the kind's default.</summary>
    public string? Display { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
