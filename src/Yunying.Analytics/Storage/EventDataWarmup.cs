using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yunying.Analytics.Insights;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Overview;
using Yunying.Analytics.Schema;
using Yunying.Events;

namespace Yunying.Analytics.Storage;

/// <summary>
/// Opens every project's event data when the server starts, before it reports ready: the partition (segments
/// mapped and checksummed, the log replayed), the person map, the schema a form suggests from, and the
/// <see cref="IStartupQuestions"/> (a project home's overview), answered into the answer cache, or one overview
/// question when none are registered, so the analyses' code is compiled. Without it the first operator to open a page after a start waits
/// for all of that (tens of seconds at ten million events); with it, that wait is the start's, and
/// <c>/readyz</c> answers 503 until it is over. A project that fails to open is logged and left to open on
/// first use, as before; the failure does not keep the server unready.
/// </summary>
public sealed class EventDataWarmup(
    EventStore store, SchemaCatalog schema, QueryRunner queries, InsightResults results, IEnumerable<IStartupQuestions> questions, ILogger<EventDataWarmup> logger)
    : BackgroundService
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether every project present at start has been opened (or failed to).</summary>
    public bool IsDone => _done.Task.IsCompleted;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var projectId in store.ListProjects())
            {
                await WarmAsync(projectId, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    private async Task WarmAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var snapshot = await store.GetSnapshotAsync(projectId, cancellationToken);
            await schema.EventsAsync(projectId, cancellationToken);
            await schema.PropertyKeysAsync(projectId, cancellationToken);
            var asked = false;
            foreach (var source in questions)
            {
                foreach (var question in await source.ForProjectAsync(projectId, cancellationToken))
                {
                    await results.RunAsync(projectId, question.TimeZone, question.Query, cancellationToken);
                    asked = true;
                }
            }

            if (!asked)
            {
                await queries.RunAsync(projectId, "UTC", new OverviewQuery(), cancellationToken);
            }

            Log.ProjectWarmed(logger, projectId, snapshot.RowCount, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ProjectWarmupFailed(logger, projectId, e.Message);
        }
    }
}
