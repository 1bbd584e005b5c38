using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Yunying.Data.Tenancy;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard.Pages.Projects;

/// <summary>Settings › Projects: the operator's projects with their role, and a form to create one.</summary>
public sealed class IndexModel(DashboardShell shell, ProjectService projects, IStringLocalizer<SharedResource> text) : PageModel
{
    public IReadOnlyList<ProjectAccess> Projects => shell.Projects;

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? TimeZone { get; set; } = "Asia/Shanghai";

    [BindProperty]
    public string? Currency { get; set; } = "CNY";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var created = await projects.CreateAsync(
            shell.Caller, null, Name, Clean(TimeZone), Clean(Currency)?.ToUpperInvariant(), cancellationToken);
        if (!created.IsSuccess)
        {
            ModelState.AddModelError(created.Error.Field ?? string.Empty, text.Localize(created.Error));
            return Page();
        }

        var (project, secretKey) = created.Value;
        Notice.Success(TempData, text["Projects.CreatedNotice", project.Name]);
        new OneTimeSecret(OneTimeSecret.SecretKey, secretKey).Keep(TempData);
        return Redirect($"/p/{project.Id}/settings");
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
