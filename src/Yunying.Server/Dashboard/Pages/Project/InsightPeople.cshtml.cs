using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Yunying.Analytics.Cohorts;
using Yunying.Analytics.People;
using Yunying.Core.Results;
using Yunying.Data.Tenancy;
using Yunying.Server.Dashboard.Insights;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard.Pages.Project;

/// <summary>
/// The persons behind one number of an insight (a funnel step's converted or dropped persons, a retention cell,
/// a trend point…): the insight's own query string plus the <c>pp.*</c> drill-down options. Each person links
/// to their profile and timeline; the whole list (every page) can be saved as a static cohort.
/// </summary>
public sealed class InsightPeopleModel(DashboardShell shell, InsightRunner runner, PeopleDirectory people, CohortCatalog cohorts, IStringLocalizer<SharedResource> text) : PageModel
{
    public const int PageSize = 50;

    /// <summary>The most persons one page of an analysis answers; saving a cohort reads page after page of this size.</summary>
    public const int ReadSize = 10_000;

    public ProjectAccess Access => shell.Current!;

    [BindProperty(SupportsGet = true)]
    public InsightForm Form { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public int Offset { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    public long Total { get; private set; }

    public IReadOnlyList<PersonSummary> Persons { get; private set; } = [];

    public Error? Failure { get; private set; }

    public bool CanEdit => CohortsModel.MayEdit(Access);

    /// <summary>The drill-down's options as the query string has them (<c>pp.step=2</c>…).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Drill =>
        [.. Request.Query.Where(q => q.Key.StartsWith("pp.", StringComparison.Ordinal)).Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString()))];

    /// <summary>What the list is, from the kind and the drill-down options (a funnel step, a trend point, a retention cell…).</summary>
    public string Heading
    {
        get
        {
            string? Option(string key) => Request.Query.TryGetValue("pp." + key, out var v) ? v.ToString() : null;
            int Int(string key) => int.TryParse(Option(key), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
            string heading = Form.KindOrDefault switch
            {
                "funnel" when Option("dropped") == "true" => text["Insight.Drill.FunnelDropped", Int("step") + 1],
                "funnel" => text["Insight.Drill.FunnelReached", Int("step") + 1],
                "trends" => text["Insight.Drill.Trends", (char)('A' + Math.Clamp(Int("series"), 0, 25)), Option("date") ?? string.Empty],
                "retention" when Int("period") == 0 => text["Insight.Drill.RetentionCohort", Option("cohort") ?? string.Empty],
                "retention" => text["Insight.Drill.Retention", Option("cohort") ?? string.Empty, Int("period")],
                "lifecycle" => text["Insight.Drill.Lifecycle", text["Insight.Status." + (Option("status") ?? "new")], Option("date") ?? string.Empty],
                "stickiness" => text["Insight.Drill.Stickiness", Int("bucket")],
                _ => text["Insight.PeopleTitle"],
            };
            if (Option("compare") == "previous")
            {
                heading += " (" + text["Insight.Previous"] + ")";
            }

            return Option("breakdown.label") is { } label ? heading + " · " + label : heading;
        }
    }

    public string InsightLink => $"/p/{Access.Project.Id}/insights" + Form.ToQueryString();

    public string PageLink(int offset) =>
        $"/p/{Access.Project.Id}/insights/people" + Form.ToQueryString([.. Drill, new("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    public string SaveLink => $"/p/{Access.Project.Id}/insights/people" + Form.ToQueryString([.. Drill, new("handler", "SaveCohort")]);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var page = await ReadAsync(Math.Max(0, Offset), PageSize, cancellationToken);
        if (page is { } found)
        {
            Total = found.Total;
            Persons = await people.SummariesAsync(Access.Project.Id, found.PersonIds, cancellationToken);
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>Saves every person of the list (all pages) as a static cohort and opens it.</summary>
    public async Task<IActionResult> OnPostSaveCohortAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        var all = new List<Guid>();
        for (var offset = 0; ; offset += ReadSize)
        {
            if (await ReadAsync(offset, ReadSize, cancellationToken) is not { } page)
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }

            all.AddRange(page.PersonIds);
            Total = page.Total;
            if (page.PersonIds.Count < ReadSize || all.Count >= page.Total)
            {
                break;
            }
        }

        var ids = await people.DistinctIdsOfAsync(Access.Project.Id, all, cancellationToken);
        var saved = await cohorts.SaveAsync(Access.Project.Id, null, new CohortInput(Name ?? string.Empty, text["Insight.CohortFrom", Form.KindOrDefault], DistinctIds: ids), Access.Project.TimeZone, cancellationToken);
        if (!saved.IsSuccess)
        {
            await OnGetAsync(cancellationToken);
            Failure = saved.Error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Notice.Success(TempData, text["Cohorts.Created", saved.Value.Name]);
        return Redirect($"/p/{Access.Project.Id}/cohorts/{saved.Value.Id}");
    }

    private async Task<(long Total, IReadOnlyList<Guid> PersonIds)?> ReadAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        if (!InsightRunner.DrillKinds.Contains(Form.KindOrDefault))
        {
            Failure = Error.Validation("query.invalid", "This analysis does not list the persons behind its numbers.", "kind");
            return null;
        }

        System.Text.Json.Nodes.JsonObject query;
        try
        {
            query = InsightRunner.WithPeople(Form.ToQuery(), Drill, offset, limit);
        }
        catch (System.Text.Json.JsonException e)
        {
            Failure = Error.Validation("query.invalid", "The query is not valid JSON: " + e.Message, "json");
            return null;
        }

        var answered = await runner.RunAsync(Access.Project.Id, Access.Project.TimeZone, query, cancellationToken);
        if (!answered.IsSuccess)
        {
            Failure = answered.Error;
            return null;
        }

        return InsightRunner.PeopleOf(answered.Value.Result);
    }
}
