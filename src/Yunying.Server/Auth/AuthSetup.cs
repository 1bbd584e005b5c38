using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Yunying.Server.Hosting;

namespace Yunying.Server.Auth;

/// <summary>
/// Two ways in: a cookie session for the dashboard, and bearer credentials for scripts and backends.
/// A request with an Authorization header is judged by it alone; otherwise the cookie counts.
/// </summary>
public static class AuthSetup
{
    public const string SmartScheme = "Yunying";
    public const string CookieName = "yunying.session";

    public static IServiceCollection AddYunyingAuth(this IServiceCollection services, YunyingSettings settings)
    {
        services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, "Cookie or bearer", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ? BearerAuthenticationHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = settings.SecureCookies switch
                {
                    true => CookieSecurePolicy.Always,
                    false => CookieSecurePolicy.None,
                    null => CookieSecurePolicy.SameAsRequest,
                };
                o.ExpireTimeSpan = settings.SessionIdleTimeout;
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/denied";
                // The API answers 401/403 problem details; only dashboard pages redirect to the login page.
                o.Events.OnRedirectToLogin = context => ApiAware(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiAware(context, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);

        services.AddAuthorization();
        return services;
    }

    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        var problem = status == StatusCodes.Status401Unauthorized
            ? TypedResults.Problem("Sign in, or send a personal token as 'Authorization: Bearer ypt_…'.", statusCode: status, title: "Unauthorized")
            : TypedResults.Problem("You lack the role for this.", statusCode: status, title: "Forbidden");
        return problem.ExecuteAsync(context.HttpContext);
    }

    /// <summary>Turns a failed bearer authentication into an RFC 7807 answer.</summary>
    public static ProblemHttpResult Challenge() =>
        TypedResults.Problem("Sign in, or send a personal token as 'Authorization: Bearer ypt_…'.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
}
