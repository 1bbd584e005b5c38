using System.Collections.Concurrent;
using System.Diagnostics;
using Yunying.Events;

namespace Yunying.Analytics.Demo;

/// <summary>
/// Writes generated demo events straight into the engine. Chunks are generated on the thread pool a few
/// ahead of the one being appended, into buffers that are reused once the engine has the chunk, and two
/// appends are kept in flight so the next batch is encoded and logged while the previous one is fsync'ed.
/// </summary>
public static class DemoLoader
{
    /// <summary>Appends in flight: one being fsync'ed while the next is written (the engine commits them in order).</summary>
    private const int AppendsInFlight = 4;

    /// <summary>
    /// Generates and appends every chunk in order. <paramref name="progress"/> receives the events written so far.
    /// </summary>
    public static async Task<DemoLoadResult> LoadAsync(EventStore store, Guid projectId, DemoGenerator generator, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(generator);
        var watch = Stopwatch.StartNew();

        // Open the project's partition first: once it is open, AppendAsync queues its batch before it returns
        // (appends started while it opens could queue in any order).
        _ = await store.GetSnapshotAsync(projectId, cancellationToken).ConfigureAwait(false);
        var ahead = Math.Max(2, Environment.ProcessorCount);
        var buffers = new ConcurrentBag<DemoChunkBuffer>();
        var generating = new Queue<Task<DemoChunkBuffer>>();
        var appending = new Queue<(Task<AppendResult> Append, DemoChunkBuffer Buffer)>();
        var next = 0;
        long written = 0;
        try
        {
            while (next < generator.ChunkCount || generating.Count > 0)
            {
                while (next < generator.ChunkCount && generating.Count < ahead)
                {
                    var chunk = next++;
                    generating.Enqueue(Task.Run(
                        () =>
                        {
                            var buffer = buffers.TryTake(out var free) ? free : new DemoChunkBuffer();
                            generator.GenerateChunk(chunk, buffer);
                            return buffer;
                        },
                        cancellationToken));
                }

                var generated = await generating.Dequeue().ConfigureAwait(false);

                // Appends start from this one loop in chunk order, and each is queued before AppendAsync returns,
                // so the log (and the dictionary ids the engine assigns) is the same on every run.
                appending.Enqueue((store.AppendAsync(projectId, generated.Records, cancellationToken), generated));
                if (appending.Count >= AppendsInFlight)
                {
                    written += await CompleteOldestAsync(appending, buffers).ConfigureAwait(false);
                    progress?.Report(written);
                }
            }

            while (appending.Count > 0)
            {
                written += await CompleteOldestAsync(appending, buffers).ConfigureAwait(false);
                progress?.Report(written);
            }
        }
        finally
        {
            // On failure, let what is still running finish before the buffers go away.
            foreach (var task in generating.Cast<Task>().Concat(appending.Select(a => a.Append)))
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The first failure is already on its way to the caller.
                }
            }
        }

        return new DemoLoadResult(written, generator.Options.Users, watch.Elapsed);
    }

    private static async Task<int> CompleteOldestAsync(Queue<(Task<AppendResult> Append, DemoChunkBuffer Buffer)> appending, ConcurrentBag<DemoChunkBuffer> buffers)
    {
        var (append, buffer) = appending.Peek();
        var result = await append.ConfigureAwait(false);
        appending.Dequeue();
        buffers.Add(buffer);
        return result.Appended;
    }
}
