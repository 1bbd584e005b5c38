using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Yunying.Analytics.Cohorts;
using Yunying.Analytics.People;
using Yunying.Analytics.Query;
using Yunying.Core.Results;
using Yunying.Events;

namespace Yunying.Analytics.Insights;

/// <summary>
/// Answers queries for saved insights, dashboards, the project home and the insight builder, keeping each
/// answer until the data changes. An answer is kept under the project's snapshot (the write-ahead-log sequence
/// of the last batch or forget it holds, and its row count), the query as the engine parsed it, the time zone,
/// the saved cohorts' versions and the local hour (relative ranges such as "the last 30 days" move with the
/// clock). So a new event, a merge, a forgotten person or a changed cohort is a new key: refreshed when new data
/// arrives.
/// </summary>
/// <remarks>
/// While events stream in, almost every page load finds a snapshot newer than its last answer. The fresh answer
/// is always computed; when the same question was answered over earlier data and the fresh answer takes longer
/// than <see cref="FreshWait"/>, the earlier answer is given at once, marked <see cref="CachedAnswer.Stale"/>,
/// and the computation goes on to fill the cache for the next load (stale-while-revalidate). Equal questions
/// asked at the same time share one computation.
/// </remarks>
public sealed class InsightResults(EventStore store, IPersonResolver persons, CohortCatalog cohorts, TimeProvider time) : IDisposable
{
    /// <summary>How many answers are kept at most (the least recently used go first).</summary>
    public const int Capacity = 512;

    /// <summary>How long a question answered before waits for its fresh answer before it is given the earlier one.</summary>
    public static readonly TimeSpan FreshWait = TimeSpan.FromMilliseconds(300);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });
    private readonly ConcurrentDictionary<Key, Lazy<Task<Result<CachedAnswer>>>> _running = new();
    private readonly Lock _latestGate = new();

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

        // The computation belongs to the cache, not to this request: it runs on when the request goes away.
        // Lazy: only the computation that was stored starts, so its own removal when done always finds it.
        var fresh = _running.GetOrAdd(key, k => new Lazy<Task<Result<CachedAnswer>>>(() => Task.Run(() => Compute(k, snapshot, calendar, query, now), CancellationToken.None))).Value;
        if (!fresh.IsCompleted && _cache.TryGetValue(key.Latest, out Latest? earlier) && earlier is not null)
        {
            var first = await Task.WhenAny(fresh, Task.Delay(FreshWait, time, cancellationToken));
            if (first != fresh)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return earlier.Answer with { Cached = true, Stale = true };
            }
        }

        return await fresh.WaitAsync(cancellationToken);
    }

    public void Dispose() => _cache.Dispose();

    private Result<CachedAnswer> Compute(Key key, Events.Reading.ProjectSnapshot snapshot, ZonedCalendar calendar, AnalyticsQuery query, DateTimeOffset now)
    {
        try
        {
            var context = new QueryContext(snapshot, persons.Resolve(snapshot), calendar, EventRecord.ToMicros(now), cohorts, CancellationToken.None);
            var answered = QueryRunner.Run(query, context);
            if (!answered.IsSuccess)
            {
                return answered.Error;
            }

            var answer = new CachedAnswer(answered.Value, now, Cached: false);
            var options = new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(2) };
            _cache.Set(key, answer, options);
            lock (_latestGate)
            {
                // Answers may finish out of order; the latest data wins.
                if (!_cache.TryGetValue(key.Latest, out Latest? latest) || latest is null || latest.Sequence <= key.Sequence)
                {
                    _cache.Set(key.Latest, new Latest(key.Sequence, answer), options);
                }
            }

            return answer;
        }
        finally
        {
            _running.TryRemove(key, out _);
        }
    }

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

    private sealed record Key(Guid Project, long Sequence, long Rows, string Zone, string Query, int Cohorts, long LocalHour)
    {
        /// <summary>The same question over whatever data was answered last.</summary>
        public LatestKey Latest => new(Project, Zone, Query, Cohorts, LocalHour);
    }

    private sealed record LatestKey(Guid Project, string Zone, string Query, int Cohorts, long LocalHour);

    private sealed record Latest(long Sequence, CachedAnswer Answer);
}
