using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Yunying.Analytics.Insights;
using Yunying.Core.Results;
using Yunying.Data.Tenancy;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard.Pages.Project;

/// <summary>Analytics › Saved insights: the list, and the save (new or changed) that the builder's form posts here.</summary>
public sealed class SavedInsightsModel(DashboardShell shell, InsightCatalog catalog, IStringLocalizer<SharedResource> text) : PageModel
{
    public ProjectAccess Access => shell.Current!;

    public bool CanEdit => CohortsModel.MayEdit(Access);

    public IReadOnlyList<InsightDefinition> Insights { get; private set; } = [];

    public IReadOnlyDictionary<Guid, IReadOnlyList<DashboardDefinition>> DashboardsOf { get; private set; } = new Dictionary<Guid, IReadOnlyList<DashboardDefinition>>();

    public Error? Failure { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? QueryJson { get; set; }

    [BindProperty]
    public string? Display { get; set; }

    [BindProperty]
    public Guid? InsightId { get; set; }

    [BindProperty]
    public Guid? DashboardId { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>Saves the builder's query as a new insight, or changes <see cref="InsightId"/>; optionally puts it on a dashboard too.</summary>
    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        JsonElement query;
        try
        {
            using var document = JsonDocument.Parse(QueryJson ?? string.Empty);
            query = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return await FailAsync(Error.Validation("insight.query_invalid", "The query is not valid JSON: " + e.Message, "query"), cancellationToken);
        }

        var input = new InsightInput(Name ?? string.Empty, query, Description, string.IsNullOrWhiteSpace(Display) ? null : Display);
        var saved = await catalog.SaveInsightAsync(Access.Project.Id, InsightId, input, cancellationToken);
        if (!saved.IsSuccess)
        {
            return await FailAsync(saved.Error, cancellationToken);
        }

        var message = text[InsightId is null ? "Saved.SavedNotice" : "Saved.UpdatedNotice", saved.Value.Name].Value;
        if (DashboardId is { } dashboardId)
        {
            var added = await catalog.AddTileAsync(Access.Project.Id, dashboardId, new DashboardTile(saved.Value.Id), cancellationToken);
            message = added.IsSuccess ? message + " " + text["Saved.Added", saved.Value.Name, added.Value.Name].Value : message + " " + text.Localize(added.Error);
        }

        Notice.Success(TempData, message);
        return Redirect($"/p/{Access.Project.Id}/insights/saved/{saved.Value.Id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        if (InsightId is { } id && await catalog.FindInsightAsync(Access.Project.Id, id, cancellationToken) is { } insight
            && await catalog.DeleteInsightAsync(Access.Project.Id, id, cancellationToken))
        {
            Notice.Success(TempData, text["Saved.Deleted", insight.Name]);
        }

        return Redirect($"/p/{Access.Project.Id}/insights/saved");
    }

    private async Task<IActionResult> FailAsync(Error error, CancellationToken cancellationToken)
    {
        Failure = error;
        await LoadAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Insights = await catalog.ListInsightsAsync(Access.Project.Id, cancellationToken);
        var dashboards = await catalog.ListDashboardsAsync(Access.Project.Id, cancellationToken);
        DashboardsOf = Insights.ToDictionary(
            i => i.Id,
            i => (IReadOnlyList<DashboardDefinition>)[.. dashboards.Where(d => d.Tiles.Any(t => t.InsightId == i.Id))]);
    }
}
