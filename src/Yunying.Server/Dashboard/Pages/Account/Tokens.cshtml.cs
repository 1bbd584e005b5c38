using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Yunying.Data.Operators;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard.Pages.Account;

/// <summary>Settings › Personal tokens: the operator's API tokens for scripts; a new token is shown once.</summary>
public sealed class TokensModel(DashboardShell shell, PersonalTokenService tokens, IStringLocalizer<SharedResource> text) : PageModel
{
    public static IReadOnlyList<int> ExpiryChoices { get; } = [30, 90, 365];

    public IReadOnlyList<PersonalToken> Tokens { get; private set; } = [];

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public int? ExpiresInDays { get; set; } = 90;

    [BindProperty]
    public Guid TokenId { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var created = await tokens.CreateAsync(OperatorId, Name, ExpiresInDays, cancellationToken);
        if (!created.IsSuccess)
        {
            ModelState.AddModelError(created.Error.Field ?? string.Empty, text.Localize(created.Error));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }

        Notice.Success(TempData, text["Tokens.CreatedNotice", created.Value.Token.Name]);
        new OneTimeSecret(OneTimeSecret.PersonalToken, created.Value.Secret).Keep(TempData);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken cancellationToken)
    {
        var revoked = await tokens.RevokeAsync(OperatorId, TokenId, cancellationToken);
        if (revoked.IsSuccess)
        {
            Notice.Success(TempData, text["Tokens.Revoked", revoked.Value.Name]);
        }
        else
        {
            Notice.Failure(TempData, text.Localize(revoked.Error));
        }

        return RedirectToPage();
    }

    private Guid OperatorId => shell.Account!.Id;

    private async Task LoadAsync(CancellationToken cancellationToken) => Tokens = await tokens.ListAsync(OperatorId, cancellationToken);
}
