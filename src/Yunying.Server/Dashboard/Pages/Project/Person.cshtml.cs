using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yunying.Analytics.Explore;
using Yunying.Analytics.People;
using Yunying.Core.Tenancy;
using Yunying.Data.Tenancy;

namespace Yunying.Server.Dashboard.Pages.Project;

/// <summary>
/// One person: who they are (every id merged into them, identified or not), their current properties,
/// their groups, merges that were refused, and their events newest first. Owners and admins can forget them.
/// </summary>
public sealed class PersonModel(DashboardShell shell, PeopleDirectory people, EventFinder finder) : PageModel
{
    public ProjectAccess Access => shell.Current!;

    [FromRoute]
    public Guid PersonId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Before { get; set; }

    public PersonProfile Profile { get; private set; } = null!;

    public EventPage Timeline { get; private set; } = new([], null, null);

    public bool CanForget => Access.Role.CanManage();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await people.FindAsync(Access.Project.Id, PersonId, null, cancellationToken) is not { } profile)
        {
            return NotFound();
        }

        Profile = profile;
        if (!EventsEndpoints.TryBuild(null, null, null, null, Before, null, null, out var query, out _))
        {
            query = new EventQuery();
        }

        Timeline = await finder.FindAsync(Access.Project.Id, query with { DistinctIds = profile.DistinctIds }, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostForgetAsync(CancellationToken cancellationToken)
    {
        if (!CanForget)
        {
            return Forbid();
        }

        var forgotten = await people.ForgetAsync(Access.Project.Id, PersonId, cancellationToken);
        return forgotten is null ? NotFound() : Redirect($"/p/{Access.Project.Id}/people");
    }

    public static string Value(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        null => "null",
        System.Text.Json.Nodes.JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
    };
}
