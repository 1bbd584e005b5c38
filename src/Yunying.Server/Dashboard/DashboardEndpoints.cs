using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Yunying.Data.Operators;
using Yunying.Server.Auth;
using Yunying.Server.Operators;

namespace Yunying.Server.Dashboard;

/// <summary>
/// The dashboard's form posts that are not pages: sign-in (behind the login rate limit), sign-out, the language
/// choice and the project switcher. All take HTML forms with antiforgery tokens and answer with redirects.
/// </summary>
public static class DashboardEndpoints
{
    public const string SignInPath = "/login/submit";
    public const string LoginPath = "/login";

    /// <summary>Error codes the login page understands in its <c>error</c> query parameter.</summary>
    public const string InvalidCredentials = "invalid";
    public const string LockedOut = "locked";
    public const string TooManyAttempts = "throttled";

    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(SignInPath, SignIn).RequireRateLimiting(OperatorEndpoints.LoginRateLimit).ExcludeFromDescription();
        routes.MapPost("/logout", (Delegate)SignOut).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
        routes.MapPost("/culture", SetCulture).ExcludeFromDescription();
        routes.MapGet("/switch", Switch).RequireAuthorization(DashboardModule.Policy).ExcludeFromDescription();
        return routes;
    }

    /// <summary>The login page again, saying why, keeping the user name and where the operator was going.</summary>
    public static string LoginUrl(string error, string? userName, string? returnUrl)
    {
        var query = new Dictionary<string, string?> { ["error"] = error };
        if (!string.IsNullOrEmpty(userName))
        {
            query["userName"] = userName;
        }

        if (LocalOrNull(returnUrl) is { } local)
        {
            query["ReturnUrl"] = local;
        }

        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(LoginPath, query);
    }

    /// <summary>The URL when it stays on this site, so a crafted link cannot bounce a fresh sign-in elsewhere.</summary>
    public static string? LocalOrNull(string? url) => RedirectHttpResult.IsLocalUrl(url) ? url : null;

    private static async Task<RedirectHttpResult> SignIn(
        [FromForm] string? userName,
        [FromForm] string? password,
        [FromForm] string? returnUrl,
        HttpContext http,
        OperatorService operators,
        CancellationToken cancellationToken)
    {
        var signedIn = await operators.SignInAsync(userName, password, cancellationToken);
        if (!signedIn.IsSuccess)
        {
            var reason = signedIn.Error.Code == "auth.locked_out" ? LockedOut : InvalidCredentials;
            return TypedResults.Redirect(LoginUrl(reason, userName, returnUrl));
        }

        var account = signedIn.Value;
        await http.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            YunyingClaims.ForOperator(account.Id, account.UserName, CookieAuthenticationDefaults.AuthenticationScheme));
        if (DashboardCulture.Match(account.Locale) is { } saved)
        {
            // The operator's saved language wins over whatever this browser had.
            DashboardCulture.SetCookie(http.Response, saved);
        }

        return TypedResults.Redirect(LocalOrNull(returnUrl) ?? "/");
    }

    private static async Task<IResult> SignOut(HttpContext http)
    {
        // Form-bound endpoints get this check from the framework; this one reads no form fields.
        if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            return TypedResults.BadRequest();
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.Redirect(LoginPath);
    }

    private static async Task<RedirectHttpResult> SetCulture(
        [FromForm] string? culture,
        [FromForm] string? returnUrl,
        HttpContext http,
        OperatorService operators,
        CancellationToken cancellationToken)
    {
        var chosen = DashboardCulture.Match(culture) ?? DashboardCulture.English;
        DashboardCulture.SetCookie(http.Response, chosen);
        if (http.User.ToCaller()?.OperatorId is { } operatorId)
        {
            await operators.SetLocaleAsync(operatorId, chosen, cancellationToken);
        }

        return TypedResults.Redirect(LocalOrNull(returnUrl) ?? "/");
    }

    /// <summary>The project switcher: the chosen project, on the same area the operator was looking at.</summary>
    private static RedirectHttpResult Switch(Guid? projectId, string? section)
    {
        if (projectId is not { } id)
        {
            return TypedResults.Redirect("/projects");
        }

        var path = $"/p/{id}";
        if (DashboardSection.Find(section) is { } known)
        {
            path += "/" + known.Slug;
        }
        else if (section is DashboardSection.Settings or "events" or "cohorts")
        {
            // Pages of their own outside the area list: the same page of the other project.
            path += "/" + section;
        }

        return TypedResults.Redirect(path);
    }
}
