using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Yunying.Analytics.Insights;
using Yunying.Analytics.Query;
using Yunying.Core.Results;
using Yunying.Data.Tenancy;
using Yunying.Server.Dashboard.Insights;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard.Pages.Project;

/// <summary>
/// One dashboard (看板): every tile's chart over the dashboard's date range (or the range asked for in the
/// address), answers kept until new data arrives, and the controls to arrange the tiles.
/// </summary>
public sealed class DashboardModel(DashboardShell shell, InsightCatalog catalog, IStringLocalizer<SharedResource> text) : PageModel
{
    public ProjectAccess Access => shell.Current!;

    public bool CanEdit => CohortsModel.MayEdit(Access);

    [FromRoute]
    public Guid DashboardId { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? To { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public Guid? InsightId { get; set; }

    /// <summary>What to do with a tile: earlier, later, wider, narrower or remove.</summary>
    [BindProperty]
    public string? Change { get; set; }

    public DashboardDefinition? Dashboard { get; private set; }

    public IReadOnlyList<(DashboardTile Tile, SavedInsightView View)> Tiles { get; private set; } = [];

    public IReadOnlyList<InsightDefinition> Addable { get; private set; } = [];

    public DateRange? Range { get; private set; }

    public Error? Failure { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await catalog.FindDashboardAsync(Access.Project.Id, DashboardId, cancellationToken) is not { } dashboard)
        {
            return NotFound();
        }

        Dashboard = dashboard;
        Range = string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(To) ? dashboard.DateRange : new DateRange(Blank(From), Blank(To));
        var answer = await catalog.AnswerAsync(dashboard, Access.Project.TimeZone, Range, cancellationToken);
        if (!answer.IsSuccess)
        {
            Failure = answer.Error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            Tiles = [.. answer.Value.Tiles.Select(t => (t.Tile, SavedInsightView.Of(
                Access.Project.Id, t.Insight, Range, t.Result, t.ComputedAt, t.Cached, t.Stale, t.Error is null ? null : text["Dash.TileError", t.Error.Message].Value, text)))];
        }

        var on = dashboard.Tiles.Select(t => t.InsightId).ToHashSet();
        Addable = [.. (await catalog.ListInsightsAsync(Access.Project.Id, cancellationToken)).Where(i => !on.Contains(i.Id))];
        return Page();
    }

    /// <summary>Keeps the range being looked at as the dashboard's own.</summary>
    public async Task<IActionResult> OnPostRangeAsync(CancellationToken cancellationToken) =>
        await ChangeAsync(d => catalog.SaveDashboardAsync(Access.Project.Id, d.Id, new DashboardInput(d.Name, d.Description, new DateRange(From, To)), cancellationToken), text["Dash.RangeSaved"], cancellationToken);

    public async Task<IActionResult> OnPostDetailsAsync(CancellationToken cancellationToken) =>
        await ChangeAsync(d => catalog.SaveDashboardAsync(Access.Project.Id, d.Id, new DashboardInput(Name ?? string.Empty, Description, d.DateRange), cancellationToken), null, cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken) =>
        await ChangeAsync(d => catalog.AddTileAsync(Access.Project.Id, d.Id, new DashboardTile(InsightId ?? Guid.Empty), cancellationToken), null, cancellationToken);

    public async Task<IActionResult> OnPostTileAsync(CancellationToken cancellationToken) =>
        await ChangeAsync(
            d =>
            {
                var id = InsightId ?? Guid.Empty;
                var tile = d.Tiles.FirstOrDefault(t => t.InsightId == id) ?? new DashboardTile(id);
                return Change switch
                {
                    "earlier" => catalog.MoveTileAsync(Access.Project.Id, d.Id, id, -1, cancellationToken),
                    "later" => catalog.MoveTileAsync(Access.Project.Id, d.Id, id, +1, cancellationToken),
                    "wider" => catalog.AddTileAsync(Access.Project.Id, d.Id, tile with { Width = 2 }, cancellationToken),
                    "narrower" => catalog.AddTileAsync(Access.Project.Id, d.Id, tile with { Width = 1 }, cancellationToken),
                    _ => catalog.RemoveTileAsync(Access.Project.Id, d.Id, id, cancellationToken),
                };
            },
            null,
            cancellationToken);

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        if (await catalog.FindDashboardAsync(Access.Project.Id, DashboardId, cancellationToken) is { } dashboard
            && await catalog.DeleteDashboardAsync(Access.Project.Id, DashboardId, cancellationToken))
        {
            Notice.Success(TempData, text["Dash.Deleted", dashboard.Name]);
        }

        return Redirect($"/p/{Access.Project.Id}/dashboards");
    }

    public string Here => $"/p/{Access.Project.Id}/dashboards/{DashboardId}" + QueryString.Create(
        new[] { new KeyValuePair<string, string?>("from", Blank(From)), new KeyValuePair<string, string?>("to", Blank(To)) }.Where(p => p.Value is not null));

    private async Task<IActionResult> ChangeAsync(Func<DashboardDefinition, Task<Result<DashboardDefinition>>> change, string? message, CancellationToken cancellationToken)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        if (await catalog.FindDashboardAsync(Access.Project.Id, DashboardId, cancellationToken) is not { } dashboard)
        {
            return NotFound();
        }

        var changed = await change(dashboard);
        if (!changed.IsSuccess)
        {
            Notice.Failure(TempData, text.Localize(changed.Error) + " " + changed.Error.Message);
        }
        else if (message is not null)
        {
            Notice.Success(TempData, message);
        }

        return Redirect(Here);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
