using System.Diagnostics;
using Yunying.Events;

namespace Yunying.Ingest.Bench;

/// <summary>
/// The engine alone, on the same demo events the HTTP phases send: concurrent <c>AppendAsync</c> calls with
/// the capture sink's options (fsync per group commit, uuid de-duplication), no HTTP and no JSON decoding.
/// The gap between this and HTTP ingest is what the web server and the capture layer cost.
/// </summary>
internal static class InProcessAppend
{
    /// <summary>Appends the events; also returns the managed heap the open store holds for them (after a full GC).</summary>
    public static async Task<(long Events, double Seconds, long RetainedBytes)> RunAsync(List<EventRecord> events, int batchSize, int writers, string directory, CancellationToken cancellationToken)
    {
        var project = Guid.CreateVersion7();
        var batches = new List<EventRecord[]>();
        for (var i = 0; i < events.Count; i += batchSize)
        {
            batches.Add([.. events.GetRange(i, Math.Min(batchSize, events.Count - i))]);
        }

        var next = -1;
        double seconds;
        long retained;
        var before = HeapAfterFullCollection();
        await using (var store = EventStore.Open(directory))
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
            {
                int b;
                while ((b = Interlocked.Increment(ref next)) < batches.Count)
                {
                    await store.AppendAsync(project, batches[b], AppendOptions.SkipDuplicates, cancellationToken);
                }
            }, cancellationToken)));
            seconds = clock.Elapsed.TotalSeconds;
            // What a server holding this project keeps in memory: sealed segments, the tail, dictionaries, recent uuids.
            retained = HeapAfterFullCollection() - before;
            GC.KeepAlive(store);
        }

        return (events.Count, seconds, retained);
    }

    private static long HeapAfterFullCollection()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
