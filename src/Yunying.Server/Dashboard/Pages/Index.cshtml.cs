using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Yunying.Server.Dashboard.Pages;

/// <summary>The dashboard's front door: the operator's first project, or the project list when there is none.</summary>
public sealed class IndexModel(DashboardShell shell) : PageModel
{
    public RedirectResult OnGet() =>
        Redirect(shell.Projects.FirstOrDefault() is { } first ? $"/p/{first.Project.Id}" : "/projects");
}
