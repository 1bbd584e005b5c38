using Yunying.Analytics.People;
using Yunying.Core.Results;
using Yunying.Events;

namespace Yunying.Analytics.Query;

/// <summary>
/// Runs any <see cref="AnalyticsQuery"/> on a project's current snapshot: takes one snapshot, resolves its
/// persons, fixes the calendar and "now", and hands the query to its analysis. The API and the CLI both
/// come through here.
/// </summary>
public sealed class QueryRunner(EventStore store, IPersonResolver persons, TimeProvider time, ICohortResolver? cohorts = null)
{
    /// <summary>
    /// Answers <paramref name="query"/> for <paramref name="projectId"/>, reading dates in
    /// <paramref name="projectTimeZone"/> unless the query names its own time zone.
    /// </summary>
    public async Task<Result<AnalyticsResult>> RunAsync(Guid projectId, string projectTimeZone, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var zone = string.IsNullOrWhiteSpace(query.TimeZone) ? projectTimeZone : query.TimeZone;
        if (!ZonedCalendar.TryFind(zone, out var calendar))
        {
            return QueryErrors.UnknownTimeZone(zone);
        }

        if (cohorts is not null)
        {
            await cohorts.PrepareAsync(projectId, cancellationToken);
        }

        var snapshot = await store.GetSnapshotAsync(projectId, cancellationToken);
        var now = EventRecord.ToMicros(time.GetUtcNow());

        // The scan is CPU-bound and parallel inside; keep it off the request's synchronous path.
        return await Task.Run(
            () => Run(query, new QueryContext(snapshot, persons.Resolve(snapshot), calendar, now, cohorts, cancellationToken)),
            cancellationToken);
    }

    /// <summary>Answers <paramref name="query"/> in an already prepared context (tests and benchmarks).</summary>
    public static Result<AnalyticsResult> Run(AnalyticsQuery query, QueryContext context)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(context);
        return query.Run(context);
    }
}
