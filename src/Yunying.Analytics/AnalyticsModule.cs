using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yunying.Analytics.Capture;
using Yunying.Analytics.Explore;
using Yunying.Analytics.Query;
using Yunying.Analytics.Schema;
using Yunying.Analytics.Storage;
using Yunying.Events;

namespace Yunying.Analytics;

/// <summary>Registers and maps the analytics area: for now, event capture.</summary>
public static class AnalyticsModule
{
    /// <summary>
    /// Adds capture. <typeparamref name="TWriteKeyResolver"/> finds projects by write key (the host implements
    /// it over its state store). Until the event engine registers its own <see cref="ICaptureSink"/>, a sink
    /// that answers 503 "event storage is not enabled yet" stands in, so no SDK is told its events were stored.
    /// </summary>
    public static IServiceCollection AddAnalytics<TWriteKeyResolver>(this IServiceCollection services, Action<CaptureOptions>? configure = null)
        where TWriteKeyResolver : class, IWriteKeyResolver
    {
        services.AddOptions<CaptureOptions>().Configure(o => configure?.Invoke(o));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IWriteKeyResolver, TWriteKeyResolver>();
        services.TryAddSingleton<ICaptureSink, StorageNotEnabledSink>();
        services.AddSingleton<CaptureIngest>();
        services.AddCors(o => o.AddPolicy(CaptureEndpoints.CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .AllowAnyHeader()
            .WithMethods("GET", "POST")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        return services;
    }

    /// <summary>
    /// Stores captured events in the embedded engine of <paramref name="dataDirectory"/> (its <c>events</c>
    /// folder). The store is opened once, shared, and sealed when the host shuts down.
    /// </summary>
    public static IServiceCollection AddEmbeddedEventStore(this IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton(sp => EventStore.Open(dataDirectory, new EventStoreOptions { TimeProvider = sp.GetRequiredService<TimeProvider>() }));
        services.Replace(ServiceDescriptor.Singleton<ICaptureSink, EmbeddedEventSink>());
        return services;
    }

    /// <summary>
    /// Adds schema discovery and the events API over the embedded engine. <typeparamref name="TProjectAccess"/>
    /// decides who may read a project's events (the host implements it over its state store).
    /// </summary>
    public static IServiceCollection AddEventExplorer<TProjectAccess>(this IServiceCollection services)
        where TProjectAccess : class, IProjectAccess
    {
        services.AddScoped<IProjectAccess, TProjectAccess>();
        services.AddSingleton<SchemaCatalog>();
        services.AddSingleton<EventFinder>();
        services.AddSingleton<People.IPersonResolver, People.PersonResolver>();
        services.AddSingleton<People.PeopleDirectory>();
        services.TryAddSingleton<Cohorts.ICohortStore, Cohorts.InMemoryCohortStore>();
        services.AddSingleton<Cohorts.CohortCatalog>();
        services.AddSingleton<Query.ICohortResolver>(sp => sp.GetRequiredService<Cohorts.CohortCatalog>());
        services.AddSingleton<QueryRunner>();
        services.TryAddSingleton<Insights.IInsightStore, Insights.InMemoryInsightStore>();
        services.AddSingleton<Insights.InsightResults>();
        services.AddSingleton<Insights.InsightCatalog>();
        services.AddSingleton<EventDataWarmup>();
        services.AddHostedService(sp => sp.GetRequiredService<EventDataWarmup>());
        return services;
    }

    /// <summary>Maps <c>/api/projects/{projectId}/schema/…</c> and <c>/api/projects/{projectId}/events</c>.</summary>
    public static IEndpointRouteBuilder MapEventExplorer(this IEndpointRouteBuilder routes)
    {
        routes.MapSchemaEndpoints();
        routes.MapEventsEndpoints();
        People.PeopleEndpoints.MapPeopleEndpoints(routes);
        Cohorts.CohortEndpoints.MapCohortEndpoints(routes);
        routes.MapQueryEndpoints();
        Insights.InsightEndpoints.MapInsightEndpoints(routes);
        return routes;
    }

    /// <summary>
    /// Maps the capture endpoints. Call it after routing, authentication and authorization: it also adds
    /// the CORS middleware, which acts only on endpoints that carry a CORS policy (the capture routes).
    /// </summary>
    public static WebApplication MapCapture(this WebApplication app)
    {
        app.UseCors();
        app.MapCaptureEndpoints();
        return app;
    }
}
