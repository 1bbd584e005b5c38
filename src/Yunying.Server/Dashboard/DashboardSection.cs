namespace Yunying.Server.Dashboard;

/// <summary>One area of the left navigation. Resource keys follow the slug: <c>Section.{slug}.Name</c> and so on.</summary>
/// <param name="Slug">The last route segment, as in <c>/p/{projectId}/analytics</c>.</param>
/// <param name="PlannedItems">
/// How many <c>Section.{slug}.Plan{n}</c> lines describe what the area will do; 0 for an area that is built and has
/// a page of its own (no plan, no "arrives" line).
/// </param>
public sealed record DashboardSection(string Slug, int PlannedItems)
{
    public const string Settings = "settings";

    /// <summary>The areas in navigation order; Settings comes last and has pages of its own.</summary>
    public static IReadOnlyList<DashboardSection> All { get; } =
    [
        new("analytics", 0),
        new("engagement", 4),
        new("messaging", 3),
        new("content", 3),
        new("community", 3),
        new("feedback", 3),
        new("planning", 3),
    ];

    public bool IsBuilt => PlannedItems == 0;

    public string NameKey => $"Section.{Slug}.Name";

    public string SummaryKey => $"Section.{Slug}.Summary";

    public string ArrivesKey => $"Section.{Slug}.Arrives";

    public IEnumerable<string> PlanKeys => Enumerable.Range(1, PlannedItems).Select(n => $"Section.{Slug}.Plan{n}");

    public static DashboardSection? Find(string? slug) => All.FirstOrDefault(s => s.Slug == slug);
}
