using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Yunying.Analytics.Insights;
using Yunying.Analytics.Query;
using Yunying.Core.Results;
using Yunying.Data.Tenancy;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard.Pages.Project;

/// <summary>Analytics › Dashboards (看板): the list and a new dashboard.</summary>
public sealed class DashboardsModel(DashboardShell shell, InsightCatalog catalog, IStringLocalizer<SharedResource> text) : PageModel
{
    public ProjectAccess Access => shell.Current!;

    public bool CanEdit => CohortsModel.MayEdit(Access);

    public IReadOnlyList<DashboardDefinition> Dashboards { get; private set; } = [];

    public Error? Failure { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? From { get; set; }

    [BindProperty]
    public string? To { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Dashboards = await catalog.ListDashboardsAsync(Access.Project.Id, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        var saved = await catalog.SaveDashboardAsync(Access.Project.Id, null, new DashboardInput(Name ?? string.Empty, Description, new DateRange(From, To)), cancellationToken);
        if (!saved.IsSuccess)
        {
            Failure = saved.Error;
            await OnGetAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Notice.Success(TempData, text["Dash.Created", saved.Value.Name]);
        return Redirect($"/p/{Access.Project.Id}/dashboards/{saved.Value.Id}");
    }

    /// <summary>A dashboard's range as the list shows it.</summary>
    public string RangeText(DateRange? range) =>
        range is null ? text["Dash.RangeOwn"] : $"{range.From ?? "-7d"} – {range.To ?? text["Insight.Now"]}";
}
