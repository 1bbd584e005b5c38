namespace Yunying.Data.Analytics;

/// <summary>A dashboard (看板) of a project: saved insights laid out as tiles, with one date range for all of them.</summary>
public sealed class SavedDashboard
{
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    public Tenancy.Project? Project { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>The start of the date range every tile is read over (the query API's date forms); null keeps each insight's own.</summary>
    public string? DateFrom { get; set; }

    /// <summary>The end of that range; null means now.</summary>
    public string? DateTo { get; set; }

    public List<SavedDashboardTile> Tiles { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>One insight on a dashboard, at a position and a width.</summary>
public sealed class SavedDashboardTile
{
    public Guid DashboardId { get; set; }

    public Guid InsightId { get; set; }

    public SavedInsight? Insight { get; set; }

    /// <summary>Order on the dashboard, from 0.</summary>
    public int Position { get; set; }

    /// <summary>1 (half the width) or 2 (the whole width).</summary>
    public int Width { get; set; } = 1;
}
