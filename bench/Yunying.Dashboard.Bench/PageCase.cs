namespace Yunying.Dashboard.Bench;

/// <summary>A dashboard page the benchmark loads: its name in the table and its path and query on the server.</summary>
internal sealed record PageCase(string Name, string PathAndQuery)
{
    /// <summary>The project home, the builder with the 3- and 5-step funnels, and (optionally) weekly retention.</summary>
    public static IReadOnlyList<PageCase> For(Guid projectId, bool retention)
    {
        var project = $"/p/{projectId}";
        var funnel = project + "/insights?kind=funnel&from=-30d&window=14&windowUnit=day&event=%24pageview&event=signup";
        List<PageCase> pages =
        [
            new("home /p/{id}", project),
            new("funnel 3 steps, 14-day window", funnel + "&event=purchase"),
            new("funnel 5 steps, 14-day window", funnel + "&event=first_action&event=purchase&event=share"),
        ];
        if (retention)
        {
            pages.Add(new("weekly retention, first-time", project + "/insights?kind=retention&from=-7w&interval=week&event=%24pageview&returnEvent=%24pageview&retentionType=first_time"));
        }

        return pages;
    }
}
