using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Yunying.Data.Operators;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard.Pages;

/// <summary>The sign-in form. It posts to <see cref="DashboardEndpoints.SignInPath"/>, which is rate limited and redirects back here on failure.</summary>
public sealed class LoginModel(DashboardShell shell, IStringLocalizer<SharedResource> text) : PageModel
{
    [FromQuery(Name = "ReturnUrl")]
    public string? ReturnUrl { get; set; }

    [FromQuery(Name = "userName")]
    public string? UserName { get; set; }

    [FromQuery(Name = "error")]
    public string? Error { get; set; }

    public string? ErrorMessage { get; private set; }

    public IActionResult OnGet()
    {
        ReturnUrl = DashboardEndpoints.LocalOrNull(ReturnUrl);
        if (shell.Account is not null && Error is null)
        {
            return Redirect(ReturnUrl ?? "/");
        }

        ErrorMessage = Error switch
        {
            DashboardEndpoints.InvalidCredentials => text["Login.Error.Invalid"].Value,
            DashboardEndpoints.LockedOut => text["Login.Error.Locked", (int)OperatorService.LockoutDuration.TotalMinutes].Value,
            DashboardEndpoints.TooManyAttempts => text["Login.Error.TooMany"].Value,
            _ => null,
        };
        return Page();
    }
}
