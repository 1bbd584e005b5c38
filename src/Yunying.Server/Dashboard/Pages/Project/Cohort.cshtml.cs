using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Yunying.Analytics.Cohorts;
using Yunying.Analytics.People;
using Yunying.Analytics.Query;
using Yunying.Data.Tenancy;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard.Pages.Project;

/// <summary>
/// One cohort: what it is (its rule in words and as the API's JSON, or its fixed ids), its size now and at the
/// end of each of the last 30 days (a line chart drawn in the browser from data in the page, and the same
/// numbers as a table), its members a page at a time, and deleting it (every role but viewer).
/// </summary>
public sealed class CohortModel(DashboardShell shell, CohortCatalog catalog, IStringLocalizer<SharedResource> text) : PageModel
{
    public const int PageSize = 50;

    private static readonly JsonSerializerOptions RuleJsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // The default encoder escapes <, > and &, so the data cannot close the <script> element it sits in.
    private static readonly JsonSerializerOptions ChartJsonOptions = new(JsonSerializerDefaults.Web);

    public ProjectAccess Access => shell.Current!;

    public bool CanEdit => CohortsModel.MayEdit(Access);

    [FromRoute]
    public Guid CohortId { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Offset { get; set; }

    public CohortDefinition Cohort { get; private set; } = null!;

    public int Size { get; private set; }

    public CohortSizes? Sizes { get; private set; }

    public PeoplePage Members { get; private set; } = new([], 0, null);

    /// <summary>The rule in the operator's language; for a static cohort, how many ids it holds.</summary>
    public string RuleText { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var projectId = Access.Project.Id;
        if (await catalog.FindAsync(projectId, CohortId, cancellationToken) is not { } cohort)
        {
            return NotFound();
        }

        Cohort = cohort;
        var names = (await catalog.ListAsync(projectId, cancellationToken)).ToDictionary(c => c.Id, c => c.Name);
        RuleText = cohort.Rule is { } rule
            ? CohortRuleText.Describe(rule, text, names)
            : text["Cohorts.StaticIds", cohort.DistinctIds?.Count ?? 0].Value;

        var context = await catalog.ContextAsync(projectId, Access.Project.TimeZone, cancellationToken);
        if (!context.IsSuccess)
        {
            ModelState.AddModelError(string.Empty, text.Localize(context.Error));
            return Page();
        }

        var members = catalog.Members(cohort, context.Value);
        if (!members.IsSuccess)
        {
            ModelState.AddModelError(string.Empty, text.Localize(members.Error));
            return Page();
        }

        var set = members.Value;
        Size = set.Count;
        Members = PeopleDirectory.List(context.Value.Persons, null, Math.Max(0, Offset), PageSize, set.Contains);
        var sizes = catalog.Sizes(cohort, context.Value, null, Interval.Day);
        if (sizes.IsSuccess)
        {
            Sizes = sizes.Value;
        }
        else
        {
            ModelState.AddModelError(string.Empty, text.Localize(sizes.Error));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        var projectId = Access.Project.Id;
        if (await catalog.FindAsync(projectId, CohortId, cancellationToken) is not { } cohort
            || !await catalog.DeleteAsync(projectId, CohortId, cancellationToken))
        {
            return NotFound();
        }

        Notice.Success(TempData, text["Cohorts.Deleted", cohort.Name]);
        return Redirect($"/p/{projectId}/cohorts");
    }

    /// <summary>The rule as the API shows it, indented.</summary>
    public string RuleJson => Cohort.Rule is null ? string.Empty : JsonSerializer.Serialize(Cohort.Rule, RuleJsonOptions);

    /// <summary>What cohorts.js draws: the day labels and the sizes, as JSON safe inside a script element.</summary>
    public string ChartData => JsonSerializer.Serialize(
        new { name = Cohort.Name, labels = Sizes?.Labels ?? [], sizes = Sizes?.Sizes ?? [] }, ChartJsonOptions);

    public string PageLink(int offset) =>
        $"/p/{Access.Project.Id}/cohorts/{CohortId}" + QueryString.Create("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToUriComponent();
}
