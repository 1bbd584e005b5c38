using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Yunying.Analytics.Cohorts;
using Yunying.Analytics.People;
using Yunying.Analytics.Query;
using Yunying.Core.Results;
using Yunying.Events;

namespace Yunying.Analytics.Insights;

/// <summary>
/// Answers queries for saved insights, dashboards and the insight builder, keeping each answer until the data
/// changes. An answer is kept under the project's snapshot (the write-ahead-log sequence of the last batch or
/// forget it holds, and its row count), the query as the engine parsed it, the time zone, the saved cohorts'
/// versions and the local hour (relative ranges such as "the last 30 days" move with the clock). So a new
/// event, a merge, a forgotten person or a changed cohort is a new key: refreshed when new data arrives.
/// </summary>
public sealed class InsightResults(EventStore store, IPersonResolver persons, CohortCatalog cohorts, TimeProvider time) : IDisposable
{
    /// <summary>How many answers are kept at most (the least recently used go first).</summary>
    public const int Capacity = 512;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });

    /// <summary>Answers <paramref name="query"/> for <paramref name="projectId"/>, from the cache when the data has not changed.</summary>
    public async Task<Result<CachedAnswer>> RunAsync(Guid projectId, string projectTimeZone, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var zone = string.IsNullOrWhiteSpace(query.TimeZone) ? projectTimeZone : query.TimeZone;
        if (!ZonedCalendar.TryFind(zone, out var calendar))
        {
            return QueryErrors.UnknownTimeZone(zone);
        }

        await cohorts.PrepareAsync(projectId, cancellationToken);
        var snapshot = await store.GetSnapshotAsync(projectId, cancellationToken);
        var now = time.GetUtcNow();
        var key = new Key(
            projectId,
            snapshot.Sequence,
            snapshot.RowCount,
            zone,
            JsonSerializer.Serialize(query, QueryJson.Options),
            await CohortVersionAsync(projectId, cancellationToken),
            LocalHour(now, zone));
        if (_cache.TryGetValue(key, out CachedAnswer? kept) && kept is not null)
        {
            return kept with { Cached = true };
        }

        var context = new QueryContext(snapshot, persons.Resolve(snapshot), calendar, EventRecord.ToMicros(now), cohorts, cancellationToken);
        var answered = await Task.Run(() => QueryRunner.Run(query, context), cancellationToken);
        if (!answered.IsSuccess)
        {
            return answered.Error;
        }

        var answer = new CachedAnswer(answered.Value, now, Cached: false);
        _cache.Set(key, answer, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(2) });
        return answer;
    }

    public void Dispose() => _cache.Dispose();

    private static long LocalHour(DateTimeOffset now, string zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(zone));
        return local.DateTime.Ticks / TimeSpan.TicksPerHour;
    }

    private async Task<int> CohortVersionAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var hash = new HashCode();
        foreach (var cohort in await cohorts.ListAsync(projectId, cancellationToken))
        {
            hash.Add(cohort.Id);
            hash.Add(cohort.UpdatedAt);
        }

        return hash.ToHashCode();
    }

    private sealed record Key(Guid Project, long Sequence, long Rows, string Zone, string Query, int Cohorts, long LocalHour);
}
