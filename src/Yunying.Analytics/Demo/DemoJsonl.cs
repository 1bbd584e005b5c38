using Yunying.Analytics.Transfer;

namespace Yunying.Analytics.Demo;

/// <summary>
/// Writes generated demo events as JSON Lines (the export format, for loading other systems). Chunks are
/// generated and formatted on the thread pool, several at a time, and written to the output in order, so
/// the file is the same on every run and on any number of cores.
/// </summary>
public static class DemoJsonl
{
    /// <summary>Writes every event to <paramref name="output"/>; <paramref name="progress"/> receives the events written so far. Returns the count.</summary>
    public static async Task<long> WriteAsync(DemoGenerator generator, Stream output, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(output);
        var ahead = Math.Max(2, Environment.ProcessorCount + 1);
        var pending = new Queue<Task<(MemoryStream Lines, long Count)>>();
        var next = 0;
        long written = 0;
        try
        {
            while (next < generator.ChunkCount || pending.Count > 0)
            {
                while (next < generator.ChunkCount && pending.Count < ahead)
                {
                    var chunk = next++;
                    pending.Enqueue(Task.Run(() => FormatAsync(generator, chunk), cancellationToken));
                }

                var (lines, count) = await pending.Dequeue().ConfigureAwait(false);
                await output.WriteAsync(lines.GetBuffer().AsMemory(0, (int)lines.Length), cancellationToken).ConfigureAwait(false);
                written += count;
                progress?.Report(written);
            }
        }
        finally
        {
            foreach (var task in pending)
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

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    private static async Task<(MemoryStream Lines, long Count)> FormatAsync(DemoGenerator generator, int chunk)
    {
        var buffer = new DemoChunkBuffer();
        var records = generator.GenerateChunk(chunk, buffer);
        var lines = new MemoryStream(Math.Max(1024, buffer.Length * 2));
        var writer = new JsonlEventWriter(lines);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var record in records)
            {
                writer.Write(record);
            }
        }

        return (lines, records.Count);
    }
}
