using Yunying.Server.Hosting;

namespace Yunying.Server.Dashboard;

/// <summary>The server-rendered dashboard: Razor Pages, Simplified Chinese and English.</summary>
public static class DashboardModule
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, YunyingSettings settings)
    {
        _ = settings;
        services.AddRazorPages(o => o.RootDirectory = "/Dashboard/Pages");
        return services;
    }

    /// <summary>Middleware that must run before routing: request culture and static files.</summary>
    public static WebApplication UseDashboard(this WebApplication app) => app;

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes)
    {
        routes.MapRazorPages();
        return routes;
    }
}
