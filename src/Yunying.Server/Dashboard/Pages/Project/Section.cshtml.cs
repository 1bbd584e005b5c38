using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Yunying.Server.Dashboard.Pages.Project;

/// <summary>An area that is not built yet. It says so, and what it will do, instead of showing invented numbers.</summary>
public sealed class SectionModel : PageModel
{
    [FromRoute(Name = "section")]
    public string? Slug { get; set; }

    public DashboardSection Section { get; private set; } = DashboardSection.All[0];

    public IActionResult OnGet()
    {
        if (DashboardSection.Find(Slug) is not { } section)
        {
            return NotFound();
        }

        Section = section;
        return Page();
    }
}
