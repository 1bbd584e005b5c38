using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Yunying.Analytics.Cohorts;
using Yunying.Analytics.Schema;
using Yunying.Core.Results;
using Yunying.Core.Tenancy;
using Yunying.Data.Tenancy;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard.Pages.Project;

/// <summary>
/// Analytics › Cohorts: the project's saved cohorts with their size now, and three ways to make one — a
/// simple builder ("did X at least K times in the last N days", optionally "and not Y", "and person property
/// equals"), the rule as JSON exactly as the API takes it, and a static cohort from a CSV file or pasted ids.
/// Every role but viewer may create; a viewer sees the list only, and their POSTs are refused.
/// </summary>
public sealed class CohortsModel(DashboardShell shell, CohortCatalog catalog, SchemaCatalog schema, IStringLocalizer<SharedResource> text) : PageModel
{
    public const string BuilderForm = "builder";
    public const string RuleForm = "rule";
    public const string StaticForm = "static";

    /// <summary>The API binds its bodies with the web defaults; the advanced form reads the rule the same way.</summary>
    private static readonly JsonSerializerOptions ApiJson = new(JsonSerializerDefaults.Web);

    private static readonly char[] IdSeparators = ['\n', '\r', ',', '\t', ';'];

    public ProjectAccess Access => shell.Current!;

    public bool CanEdit => MayEdit(Access);

    public IReadOnlyList<CohortView> Cohorts { get; private set; } = [];

    public IReadOnlyList<EventSchema> Events { get; private set; } = [];

    /// <summary>Which form was posted and failed, so its errors and values show in it alone.</summary>
    public string? Form { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty(Name = "event")]
    public string? EventName { get; set; }

    [BindProperty]
    public int? AtLeast { get; set; }

    [BindProperty]
    public int? LastDays { get; set; }

    [BindProperty]
    public string? ExcludeEvent { get; set; }

    [BindProperty]
    public int? ExcludeDays { get; set; }

    [BindProperty]
    public string? PropertyKey { get; set; }

    [BindProperty]
    public string? PropertyValue { get; set; }

    [BindProperty]
    public string? RuleJson { get; set; }

    [BindProperty]
    public IFormFile? Csv { get; set; }

    [BindProperty]
    public string? Ids { get; set; }

    /// <summary>Every role but viewer changes cohorts, as the cohorts API decides.</summary>
    public static bool MayEdit(ProjectAccess access) => access.Role > ProjectRole.Viewer;

    /// <summary>A form field's value when that form is the one being shown again, else nothing.</summary>
    public string? Kept(string form, string? value) => Form == form ? value : null;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostBuilderAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync(BuilderForm, text["Cohorts.NumberInvalid"], cancellationToken);
        }

        var rules = new List<CohortRule>
        {
            new PerformedRule(Blank(EventName), LastDays ?? 30, AtLeast ?? 1),
        };
        if (Blank(ExcludeEvent) is { } excluded)
        {
            rules.Add(new NotRule(new PerformedRule(excluded, ExcludeDays ?? 30)));
        }

        if (Blank(PropertyKey) is { } key)
        {
            rules.Add(new PersonPropertyRule(key, "exact", JsonSerializer.SerializeToElement(PropertyValue?.Trim() ?? string.Empty)));
        }

        var rule = rules.Count == 1 ? rules[0] : new AllOfRule(rules);
        return await SaveAsync(BuilderForm, new CohortInput(Name ?? string.Empty, Blank(Description), Rule: rule), cancellationToken);
    }

    public async Task<IActionResult> OnPostRuleAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        if (!TryParseRule(RuleJson, out var rule, out var problem))
        {
            return await ShowAsync(RuleForm, text.Localize(problem) + Detail(problem), cancellationToken);
        }

        return await SaveAsync(RuleForm, new CohortInput(Name ?? string.Empty, Blank(Description), Rule: rule), cancellationToken);
    }

    public async Task<IActionResult> OnPostStaticAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        var ids = new List<string>();
        if (Csv is { Length: > 0 } file)
        {
            using var reader = new StreamReader(file.OpenReadStream());
            var read = await CohortCsv.ReadDistinctIdsAsync(reader, cancellationToken);
            if (!read.IsSuccess)
            {
                return await ShowAsync(StaticForm, text.Localize(read.Error) + Detail(read.Error), cancellationToken);
            }

            ids.AddRange(read.Value);
        }

        if (!string.IsNullOrWhiteSpace(Ids))
        {
            ids.AddRange(Ids.Split(IdSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        if (ids.Count == 0)
        {
            return await ShowAsync(StaticForm, text["Cohorts.NoIds"], cancellationToken);
        }

        return await SaveAsync(StaticForm, new CohortInput(Name ?? string.Empty, Blank(Description), DistinctIds: ids), cancellationToken);
    }

    /// <summary>
    /// Reads the advanced form's text: a rule object (<c>{"type": …}</c>), or a whole API body whose
    /// <c>rule</c> is taken, so a body copied from the API documentation works too.
    /// </summary>
    public static bool TryParseRule(string? json, out CohortRule rule, out Error problem)
    {
        rule = null!;
        problem = null!;
        if (string.IsNullOrWhiteSpace(json))
        {
            problem = Error.Validation("cohort.rule_invalid", "Write the rule as JSON, for example {\"type\": \"performed\", \"event\": \"purchase\", \"lastDays\": 30}.", "rule");
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("type", out _) && root.TryGetProperty("rule", out var inner))
            {
                root = inner;
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out _))
            {
                problem = Error.Validation("cohort.rule_invalid", "A rule is a JSON object with a 'type' (performed, sequence, property, cohort, lifecycle, and, or, not).", "rule");
                return false;
            }

            if (root.Deserialize<CohortRule>(ApiJson) is not { } parsed)
            {
                problem = Error.Validation("cohort.rule_invalid", "The rule is empty.", "rule");
                return false;
            }

            rule = parsed;
            return true;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            var message = e.Message;
            var path = message.IndexOf(" Path:", StringComparison.Ordinal);
            problem = Error.Validation("cohort.rule_invalid", "The rule is not valid JSON for a cohort rule: " + (path > 0 ? message[..path] : message), "rule");
            return false;
        }
    }

    private async Task<IActionResult> SaveAsync(string form, CohortInput input, CancellationToken cancellationToken)
    {
        var saved = await catalog.SaveAsync(Access.Project.Id, null, input, Access.Project.TimeZone, cancellationToken);
        if (!saved.IsSuccess)
        {
            return await ShowAsync(form, text.Localize(saved.Error) + Detail(saved.Error), cancellationToken);
        }

        Notice.Success(TempData, text["Cohorts.Created", saved.Value.Name]);
        return Redirect($"/p/{Access.Project.Id}/cohorts/{saved.Value.Id}");
    }

    /// <summary>The page again with the form's values and the error in it; nothing was saved.</summary>
    private async Task<PageResult> ShowAsync(string form, string message, CancellationToken cancellationToken)
    {
        Form = form;
        ModelState.Clear();
        ModelState.AddModelError(string.Empty, message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// A translated error is one sentence per code; the service's own sentence says which field is wrong, so it
    /// follows when the translation replaced it.
    /// </summary>
    private string Detail(Error error) =>
        string.Equals(text.Localize(error), error.Message, StringComparison.Ordinal) ? string.Empty : " " + error.Message;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var projectId = Access.Project.Id;
        Events = await schema.EventsAsync(projectId, cancellationToken);
        var listed = await catalog.ListWithSizesAsync(projectId, Access.Project.TimeZone, cancellationToken);
        Cohorts = listed.IsSuccess ? listed.Value : [.. (await catalog.ListAsync(projectId, cancellationToken)).Select(c => new CohortView(c, 0))];
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
