using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Yunying.Core.Tenancy;
using Yunying.Data.Tenancy;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard.Pages.Project;

/// <summary>Settings › General and keys: name, time zone and currency, and key rotation (owners and admins).</summary>
public sealed class SettingsModel(DashboardShell shell, ProjectService projects, IStringLocalizer<SharedResource> text) : PageModel
{
    public ProjectAccess Access => shell.Current!;

    public bool CanManage => Access.Role.CanManage();

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? TimeZone { get; set; }

    [BindProperty]
    public string? Currency { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostUpdateAsync(CancellationToken cancellationToken)
    {
        var updated = await projects.UpdateAsync(
            shell.Caller, Access.Project.Id, Name, TimeZone?.Trim(), Currency?.Trim().ToUpperInvariant(), cancellationToken);
        if (!updated.IsSuccess)
        {
            ModelState.AddModelError(updated.Error.Field ?? string.Empty, text.Localize(updated.Error));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Notice.Success(TempData, text["Settings.Saved"]);
        return Redirect(Here);
    }

    public async Task<IActionResult> OnPostRotateWriteKeyAsync(CancellationToken cancellationToken)
    {
        var rotated = await projects.RotateWriteKeyAsync(shell.Caller, Access.Project.Id, cancellationToken);
        if (rotated.IsSuccess)
        {
            Notice.Success(TempData, text["Keys.WriteRotated"]);
        }
        else
        {
            Notice.Failure(TempData, text.Localize(rotated.Error));
        }

        return Redirect(Here);
    }

    public async Task<IActionResult> OnPostRotateSecretKeyAsync(CancellationToken cancellationToken)
    {
        var rotated = await projects.RotateSecretKeyAsync(shell.Caller, Access.Project.Id, cancellationToken);
        if (!rotated.IsSuccess)
        {
            Notice.Failure(TempData, text.Localize(rotated.Error));
            return Redirect(Here);
        }

        Notice.Success(TempData, text["Keys.SecretRotated"]);
        new OneTimeSecret(OneTimeSecret.SecretKey, rotated.Value.SecretKey).Keep(TempData);
        return Redirect(Here);
    }

    private string Here => $"/p/{Access.Project.Id}/settings";
}
