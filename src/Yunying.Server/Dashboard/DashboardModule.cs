using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.WebEncoders;
using Yunying.Server.Auth;
using Yunying.Server.Hosting;

namespace Yunying.Server.Dashboard;

/// <summary>The server-rendered dashboard: Razor Pages, Simplified Chinese and English.</summary>
public static class DashboardModule
{
    /// <summary>Dashboard pages admit a cookie session of an operator; bearer credentials are for the API.</summary>
    public const string Policy = "dashboard";

    /// <summary>The manifest prefix of the embedded <c>wwwroot</c> files (root namespace + folder).</summary>
    public const string StaticFilesNamespace = "Yunying.Server.wwwroot";

    public static IServiceCollection AddDashboard(this IServiceCollection services, YunyingSettings settings)
    {
        _ = settings;
        // No ResourcesPath: the marker class lives in Yunying.Server.Resources beside its .resx files, so its
        // full name already is the resource name. A ResourcesPath would add "Resources" a second time.
        services.AddLocalization();
        // Razor's encoder would otherwise write every Chinese character as an &#x…; entity.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(DashboardCulture.Configure);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme)
            .RequireClaim(YunyingClaims.OperatorId));
        services.AddScoped<DashboardShell>();
        services.AddScoped<ShellFilter>();
        services.AddSingleton<Insights.InsightRunner>();
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Dashboard/Pages";
                o.Conventions.AuthorizeFolder("/", Policy);
                o.Conventions.AllowAnonymousToPage("/Login");
                o.Conventions.AllowAnonymousToPage("/Denied");
            })
            .AddMvcOptions(o => o.Filters.AddService<ShellFilter>());

        // The login rate limit answers the API with problem details; the dashboard's form gets its login page back.
        services.PostConfigure<RateLimiterOptions>(o =>
        {
            var api = o.OnRejected;
            o.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                if (!http.Request.Path.Equals(DashboardEndpoints.SignInPath, StringComparison.OrdinalIgnoreCase))
                {
                    if (api is not null)
                    {
                        await api(context, cancellationToken);
                    }

                    return;
                }

                var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(cancellationToken) : null;
                http.Response.Redirect(DashboardEndpoints.LoginUrl(DashboardEndpoints.TooManyAttempts, form?["userName"], form?["returnUrl"]));
            };
        });
        return services;
    }

    /// <summary>Middleware that must run before routing: request culture and static files.</summary>
    public static WebApplication UseDashboard(this WebApplication app)
    {
        // The API speaks one language and formats invariantly; only dashboard requests take a culture.
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api"), branch => branch.UseRequestLocalization());
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(DashboardModule).Assembly, StaticFilesNamespace),
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes)
    {
        routes.MapDashboardEndpoints();
        routes.MapRazorPages();
        return routes;
    }
}
