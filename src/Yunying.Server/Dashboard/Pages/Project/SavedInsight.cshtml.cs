using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Yunying.Analytics.Insights;
using Yunying.Analytics.Query;
using Yunying.Data.Tenancy;
using Yunying.Server.Dashboard.Insights;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard.Pages.Project;

/// <summary>One saved insight: its chart and numbers (from the answer cache when no data arrived since), and where it is used.</summary>
public sealed class SavedInsightModel(DashboardShell shell, InsightCatalog catalog, IStringLocalizer<SharedResource> text) : PageModel
{
    public ProjectAccess Access => shell.Current!;

    public bool CanEdit => CohortsModel.MayEdit(Access);

    [FromRoute]
    public Guid InsightId { get; set; }

    /// <summary>Another range than the insight's own, for this view only.</summary>
    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? To { get; set; }

    [BindProperty]
    public Guid? DashboardId { get; set; }

    public SavedInsightView? View { get; private set; }

    public IReadOnlyList<DashboardDefinition> Dashboards { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await catalog.FindInsightAsync(Access.Project.Id, InsightId, cancellationToken) is not { } insight)
        {
            return NotFound();
        }

        var range = string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(To) ? null : new DateRange(From, To);
        var answer = await catalog.AnswerAsync(insight, Access.Project.TimeZone, range, cancellationToken);
        View = answer.IsSuccess
            ? SavedInsightView.Of(Access.Project.Id, insight, range, answer.Value.Result, answer.Value.ComputedAt, answer.Value.Cached, answer.Value.Stale, null, text)
            : SavedInsightView.Of(Access.Project.Id, insight, range, null, null, false, false, text.Localize(answer.Error) + (answer.Error.Message != text.Localize(answer.Error) ? " " + answer.Error.Message : string.Empty), text);
        Dashboards = await catalog.ListDashboardsAsync(Access.Project.Id, cancellationToken);
        if (!answer.IsSuccess)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAddToDashboardAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        if (DashboardId is not { } dashboardId || await catalog.FindInsightAsync(Access.Project.Id, InsightId, cancellationToken) is not { } insight)
        {
            return NotFound();
        }

        var added = await catalog.AddTileAsync(Access.Project.Id, dashboardId, new DashboardTile(InsightId), cancellationToken);
        if (!added.IsSuccess)
        {
            Notice.Failure(TempData, text.Localize(added.Error));
            return Redirect($"/p/{Access.Project.Id}/insights/saved/{InsightId}");
        }

        Notice.Success(TempData, text["Saved.Added", insight.Name, added.Value.Name]);
        return Redirect($"/p/{Access.Project.Id}/dashboards/{dashboardId}");
    }
}
