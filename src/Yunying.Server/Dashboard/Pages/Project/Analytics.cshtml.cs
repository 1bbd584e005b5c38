using Microsoft.AspNetCore.Mvc.RazorPages;
using Yunying.Data.Tenancy;

namespace Yunying.Server.Dashboard.Pages.Project;

/// <summary>Analytics: where each analysis of the insight builder and each data page starts.</summary>
public sealed class AnalyticsModel(DashboardShell shell) : PageModel
{
    public ProjectAccess Access => shell.Current!;
}
