using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yunying.Analytics.People;
using Yunying.Data.Tenancy;

namespace Yunying.Server.Dashboard.Pages.Project;

/// <summary>
/// Analytics › People: everyone the project has seen, most recently active first, with search over ids and
/// person property values. <c>?distinctId=</c> jumps straight to that id's person (the Events page links so).
/// </summary>
public sealed class PeopleModel(DashboardShell shell, PeopleDirectory people) : PageModel
{
    public const int PageSize = 50;

    public ProjectAccess Access => shell.Current!;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? DistinctId { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Offset { get; set; }

    public PeoplePage Results { get; private set; } = new([], 0, null);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var projectId = Access.Project.Id;
        if (!string.IsNullOrWhiteSpace(DistinctId))
        {
            var person = await people.FindAsync(projectId, null, DistinctId.Trim(), cancellationToken);
            return person is null ? NotFound() : Redirect($"/p/{projectId}/people/{person.Summary.Id}");
        }

        Results = await people.ListAsync(projectId, Search, Math.Max(0, Offset), PageSize, cancellationToken);
        return Page();
    }

    public string PageLink(int offset) =>
        $"/p/{Access.Project.Id}/people" + QueryString.Create(new Dictionary<string, string?>
        {
            ["q"] = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
            ["offset"] = offset.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(p => p.Value is not null)).ToUriComponent();
}
