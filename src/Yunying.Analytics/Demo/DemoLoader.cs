using System.Diagnostics;
using Yunying.Events;

namespace Yunying.Analytics.Demo;

/// <summary>Writes generated demo events straight into the engine, generating the next chunks while one is appended.</summary>
public static class DemoLoader
{
    /// <summary>
    /// Generates and appends every chunk in order. <paramref name="progress"/> receives the events written so far.
    /// </summary>
    public static async Task<DemoLoadResult> LoadAsync(EventStore store, Guid projectId, DemoGenerator generator, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(generator);
        var watch = Stopwatch.StartNew();
        var window = Math.Max(2, Environment.ProcessorCount);
        var pending = new Queue<Task<List<EventRecord>>>();
        var next = 0;
        long written = 0;
        while (next < generator.ChunkCount || pending.Count > 0)
        {
            while (next < generator.ChunkCount && pending.Count < window)
            {
                var chunk = next++;
                pending.Enqueue(Task.Run(() => generator.GenerateChunk(chunk), cancellationToken));
            }

            var batch = await pending.Dequeue().ConfigureAwait(false);
            await store.AppendAsync(projectId, batch, cancellationToken).ConfigureAwait(false);
            written += batch.Count;
            progress?.Report(written);
        }

        return new DemoLoadResult(written, generator.Options.Users, watch.Elapsed);
    }
}
