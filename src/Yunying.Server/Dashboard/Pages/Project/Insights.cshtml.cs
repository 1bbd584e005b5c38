using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Yunying.Analytics.Cohorts;
using Yunying.Analytics.Insights;
using Yunying.Analytics.Query;
using Yunying.Analytics.Schema;
using Yunying.Core.Results;
using Yunying.Data.Tenancy;
using Yunying.Server.Dashboard.Insights;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard.Pages.Project;

/// <summary>
/// Analytics › Insights: the builder for every analysis. The form is a GET form, so the insight is its URL;
/// the server runs the query through the same parser and engine as the API and writes the answer three
/// ways — a chart (drawn by <c>insights.js</c> with ECharts), the table of the same numbers, and CSV
/// (<c>?handler=Csv</c>). Numbers that stand for persons link to them (the drill-down page).
/// </summary>
public sealed class InsightsModel(
    DashboardShell shell, InsightRunner runner, SchemaCatalog schema, CohortCatalog cohorts, InsightCatalog saved, IStringLocalizer<SharedResource> text) : PageModel
{
    public ProjectAccess Access => shell.Current!;

    [BindProperty(SupportsGet = true)]
    public InsightForm Form { get; set; } = new();

    /// <summary>The saved insight being changed (<c>?saved=id</c>): an empty form opens it, and saving offers to update it.</summary>
    [BindProperty(SupportsGet = true, Name = "saved")]
    public Guid? SavedId { get; set; }

    public InsightDefinition? Saved { get; private set; }

    public IReadOnlyList<DashboardDefinition> Dashboards { get; private set; } = [];

    public bool CanSave => CohortsModel.MayEdit(Access);

    public IReadOnlyList<EventSchema> Events { get; private set; } = [];

    public IReadOnlyList<string> PropertyKeys { get; private set; } = [];

    public IReadOnlyList<CohortDefinition> Cohorts { get; private set; } = [];

    public AnalyticsResult? Result { get; private set; }

    /// <summary>The answer with when it was computed, and whether it is over earlier data (new data still being counted).</summary>
    public CachedAnswer? Answer { get; private set; }

    public IReadOnlyList<InsightTable> Tables { get; private set; } = [];

    public Error? Failure { get; private set; }

    /// <summary>The query the form made, as the API and <c>yunying query run</c> take it.</summary>
    public string QueryJsonText { get; private set; } = string.Empty;

    /// <summary>The chart's input: the kind, the answer as the API writes it, and the drill-down link's start.</summary>
    public string ChartData { get; private set; } = "null";

    public string Kind => Form.KindOrDefault;

    public string Here(string? kind = null)
    {
        if (kind is null)
        {
            return $"/p/{Access.Project.Id}/insights" + Form.ToQueryString();
        }

        // Another kind keeps the events and the dates, which most analyses share.
        var next = new InsightForm { Kind = kind, Events = Form.Events, From = Form.From, To = Form.To, FilterKeys = Form.FilterKeys, FilterOperators = Form.FilterOperators, FilterValues = Form.FilterValues, FilterTypes = Form.FilterTypes };
        return $"/p/{Access.Project.Id}/insights" + next.ToQueryString();
    }

    public string CsvLink => $"/p/{Access.Project.Id}/insights" + Form.ToQueryString([new("handler", "Csv")]);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadSchemaAsync(cancellationToken);
        if (SavedId is { } savedId && (Saved = await saved.FindInsightAsync(Access.Project.Id, savedId, cancellationToken)) is not null && Form.IsEmpty)
        {
            Form = InsightForm.FromQuery(System.Text.Json.Nodes.JsonNode.Parse(Saved.Query.GetRawText()) as JsonObject ?? []);
            Form.Display = Saved.Display;
        }

        if (Form.IsEmpty)
        {
            return Page();
        }

        await RunAsync(cancellationToken);
        if (Failure is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        await RunAsync(cancellationToken);
        if (Failure is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Content(text.Localize(Failure), "text/plain; charset=utf-8");
        }

        var name = $"{Kind}-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv";
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(InsightTable.ToCsv(Tables))).ToArray(), "text/csv; charset=utf-8", name);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        JsonObject query;
        try
        {
            query = Form.ToQuery();
        }
        catch (JsonException e)
        {
            Failure = QueryErrors.BadJson("The query is not valid JSON: " + e.Message, null);
            return;
        }

        QueryJsonText = query.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var answered = await runner.RunAsync(Access.Project.Id, Access.Project.TimeZone, query, cancellationToken);
        if (!answered.IsSuccess)
        {
            Failure = answered.Error;
            return;
        }

        Result = answered.Value.Result;
        Answer = answered.Value;
        var chart = InsightChart.Of(Access.Project.Id, Form, Result, text);
        Tables = chart.Tables;
        ChartData = chart.Data;
    }

    private async Task LoadSchemaAsync(CancellationToken cancellationToken)
    {
        var projectId = Access.Project.Id;
        Events = await schema.EventsAsync(projectId, cancellationToken);
        PropertyKeys = await schema.PropertyKeysAsync(projectId, cancellationToken);
        Cohorts = await cohorts.ListAsync(projectId, cancellationToken);
        Dashboards = await saved.ListDashboardsAsync(projectId, cancellationToken);
    }
}
