using Microsoft.AspNetCore.Mvc.RazorPages;
using Yunying.Data.Tenancy;

namespace Yunying.Server.Dashboard.Pages.Project;

/// <summary>A project's home: its settings at a glance, its write key and how the first event will arrive.</summary>
public sealed class HomeModel(DashboardShell shell) : PageModel
{
    public ProjectAccess Access => shell.Current!;

    public void OnGet()
    {
    }
}
