using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Yunying.Core.Results;
using Yunying.Core.Tenancy;
using Yunying.Data.Tenancy;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard.Pages.Project;

/// <summary>Settings › Members: who works on the project and in which role; owners and admins change it.</summary>
public sealed class MembersModel(DashboardShell shell, ProjectService projects, IStringLocalizer<SharedResource> text) : PageModel
{
    public ProjectAccess Access => shell.Current!;

    public bool CanManage => Access.Role.CanManage();

    public IReadOnlyList<MemberView> Members { get; private set; } = [];

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        if (!ProjectRoles.TryParse(Role, out var role))
        {
            return await ShowErrorAsync(Error.Validation("member.role_invalid", $"'{Role}' is not a role."), cancellationToken);
        }

        var added = await projects.SetMemberAsync(shell.Caller, Access.Project.Id, UserName?.Trim(), role, cancellationToken);
        if (!added.IsSuccess)
        {
            return await ShowErrorAsync(added.Error, cancellationToken);
        }

        Notice.Success(TempData, text["Members.Added", added.Value.UserName, text["Role." + role.Name()]]);
        return Redirect(Here);
    }

    public async Task<IActionResult> OnPostSetRoleAsync(CancellationToken cancellationToken)
    {
        var changed = ProjectRoles.TryParse(Role, out var role)
            ? await projects.SetMemberAsync(shell.Caller, Access.Project.Id, UserName, role, cancellationToken)
            : Error.Validation("member.role_invalid", $"'{Role}' is not a role.");
        if (changed.IsSuccess)
        {
            Notice.Success(TempData, text["Members.RoleChanged", changed.Value.UserName, text["Role." + role.Name()]]);
        }
        else
        {
            Notice.Failure(TempData, text.Localize(changed.Error));
        }

        return Redirect(Here);
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken)
    {
        var removed = await projects.RemoveMemberAsync(shell.Caller, Access.Project.Id, UserName, cancellationToken);
        if (removed.IsSuccess)
        {
            Notice.Success(TempData, text["Members.Removed", removed.Value.UserName]);
        }
        else
        {
            Notice.Failure(TempData, text.Localize(removed.Error));
        }

        return Redirect(Here);
    }

    private async Task<PageResult> ShowErrorAsync(Error error, CancellationToken cancellationToken)
    {
        ModelState.AddModelError(string.Empty, text.Localize(error));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var members = await projects.ListMembersAsync(shell.Caller, Access.Project.Id, cancellationToken);
        Members = members.IsSuccess ? members.Value : [];
    }

    private string Here => $"/p/{Access.Project.Id}/settings/members";
}
