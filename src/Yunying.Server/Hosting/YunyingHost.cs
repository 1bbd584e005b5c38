using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.OpenApi;
using Yunying.Analytics;
using Yunying.Server.Auth;
using Yunying.Server.Dashboard;
using Yunying.Server.Http;
using Yunying.Server.Operators;
using Yunying.Server.Projects;
using Yunying.Server.Storage;
using Yunying.Server.Tokens;

namespace Yunying.Server.Hosting;

/// <summary>Composes the web server: storage, authentication, the admin API, the dashboard and health checks.</summary>
public static class YunyingHost
{
    /// <summary>
    /// Builds the server. Configuration comes from appsettings.json in the working directory, then
    /// <c>Yunying__*</c> environment variables, then <paramref name="overrides"/> (the CLI's flags, keyed like <c>Yunying:DataDir</c>).
    /// <paramref name="configureServices"/> runs after every registration, so tests can replace a service.
    /// </summary>
    public static WebApplication Build(IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Razor pages and embedded files live in this assembly, whichever program hosts it.
            ApplicationName = typeof(YunyingHost).Assembly.GetName().Name,
        });
        // Per-command SQL and per-request framework chatter bury what an operator needs to see. These are
        // defaults beneath every other source, so appsettings or Logging__LogLevel__… can raise them again.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
                // Keys are kept unencrypted in {DataDir}/keys by design (see docs/architecture.md); no need to warn on every first start.
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            },
        });
        builder.Configuration.AddInMemoryCollection(overrides ?? new Dictionary<string, string?>());
        var settings = builder.Configuration.GetSection(YunyingSettings.Section).Get<YunyingSettings>() ?? new YunyingSettings();
        builder.Services.AddSingleton(settings);

        builder.WebHost.UseUrls(settings.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes;
        });

        builder.Services.AddStateStore(StateStorage.ResolveProvider(settings));
        builder.Services.AddScoped<Bootstrap>();
        builder.Services.AddDataProtection()
            .SetApplicationName("Yunying")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.FullDataDir, "keys")));
        builder.Services.AddProblemDetails();
        builder.Services.AddYunyingAuth(settings);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) => new ValueTask(TypedResults.Problem(
                "Too many sign-in attempts from this address; wait a minute.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests")
                .ExecuteAsync(context.HttpContext));
            o.AddPolicy(OperatorEndpoints.LoginRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.LoginAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Yunying API",
                Version = "v1",
                Description = "Admin API of Yunying. Authenticate with the dashboard session cookie or 'Authorization: Bearer' and a personal token (ypt_…); a project's secret key (ysk_…) reaches that project alone.",
            };
            // A self-hosted server is reached under many names; clients use the one they called.
            document.Servers?.Clear();
            return Task.CompletedTask;
        }));
        builder.Services.AddDashboard(settings);
        builder.Services.AddAnalytics<CachedWriteKeyResolver>();
        builder.Services.AddEmbeddedEventStore(settings.FullDataDir);
        builder.Services.AddEventExplorer<ProjectReadAccess>();
        builder.Services.AddSingleton<Analytics.Cohorts.ICohortStore, CohortStore>();
        builder.Services.AddSingleton<Analytics.Insights.IInsightStore, InsightStore>();
        builder.Services.AddSingleton<Analytics.Insights.IStartupQuestions, Dashboard.HomeStartupQuestions>();

        // Bodies with a "type" or "kind" discriminator (cohort rules, queries) may name it anywhere in the object.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.AllowOutOfOrderMetadataProperties = true);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDashboard();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapOpenApi();
        app.MapHealthEndpoints();
        app.MapOperatorEndpoints();
        app.MapProjectEndpoints();
        app.MapTokenEndpoints();
        app.MapDashboard();
        app.MapCapture();
        app.MapEventExplorer();
        return app;
    }

    /// <summary>
    /// Migrates the state store (when configured), makes the first-run account and the demo project,
    /// and prints what an operator needs to sign in to <paramref name="console"/>.
    /// </summary>
    public static async Task<FirstRunAccount?> PrepareAsync(WebApplication app, TextWriter console, CancellationToken cancellationToken)
    {
        var settings = app.Services.GetRequiredService<YunyingSettings>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Yunying.Startup");
        if (settings.MigrateOnStart)
        {
            await StateStorage.MigrateAsync(app.Services, cancellationToken);
            Log.MigrationsApplied(logger, app.Services.GetRequiredService<Data.IStateStoreProvider>().Name);
        }
        else if ((await StateStorage.PendingMigrationsAsync(app.Services, cancellationToken)).Count > 0)
        {
            throw new InvalidOperationException("The state store has pending migrations and MigrateOnStart is off; run 'yunying migrate' first.");
        }

        await using var scope = app.Services.CreateAsyncScope();
        var bootstrap = scope.ServiceProvider.GetRequiredService<Bootstrap>();
        var account = await bootstrap.EnsureFirstRunAsync(cancellationToken);
        if (account is not null)
        {
            Log.FirstRunCreated(logger, account.UserName, account.ProjectId);
            await console.WriteLineAsync($"""

                First run: an owner account was created. This password is shown once; sign in and keep it safe.
                  user name: {account.UserName}
                  password:  {account.Password}

                """);
        }

        if (settings.Demo)
        {
            var demo = await bootstrap.EnsureDemoAsync(cancellationToken);
            if (await Bootstrap.FillDemoEventsAsync(app.Services, demo.Id, cancellationToken) is > 0 and var filled)
            {
                await console.WriteLineAsync($"Demo project '{demo.Name}': generated {filled:N0} events.");
            }

            Log.DemoReady(logger, demo.Id);
        }

        return account;
    }

    /// <summary>Starts the server and tells where the dashboard is; returns the first-run account when this start made one.</summary>
    public static async Task<FirstRunAccount?> StartAsync(WebApplication app, TextWriter console, CancellationToken cancellationToken)
    {
        var account = await PrepareAsync(app, console, cancellationToken);
        await app.StartAsync(cancellationToken);
        var urls = string.Join(", ", ListeningAddresses(app));
        Log.Listening(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Yunying.Startup"), urls);
        await console.WriteLineAsync($"Yunying dashboard: {ListeningAddresses(app).First()}/");
        return account;
    }

    /// <summary>The addresses Kestrel really bound, with port 0 resolved.</summary>
    public static IEnumerable<string> ListeningAddresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? app.Urls;
}
