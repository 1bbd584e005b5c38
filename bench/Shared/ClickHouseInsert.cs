using Yunying.Analytics.Demo;
using Yunying.Events;

namespace Yunying.Bench.Shared;

/// <summary>Streams a generated demo data set into a ClickHouse table over HTTP.</summary>
internal static class ClickHouseInsert
{
    /// <summary>
    /// Runs <paramref name="insert"/> (<c>INSERT INTO … FORMAT …</c>) with every chunk of <paramref name="generator"/>
    /// as its body, each chunk turned into rows by <paramref name="lines"/>. Chunks are generated and serialised on
    /// every core a few at a time, and written in order; <paramref name="settings"/> are the insert's own (or null).
    /// </summary>
    public static async Task InsertAsync(
        ClickHouseServer server, string insert, DemoGenerator generator, Func<IReadOnlyList<EventRecord>, byte[]> lines, string? settings, CancellationToken cancellationToken)
    {
        using var rows = new StreamedContent(async (stream, ct) =>
        {
            var group = Math.Max(2, Environment.ProcessorCount * 2);
            for (var first = 0; first < generator.ChunkCount; first += group)
            {
                var n = Math.Min(group, generator.ChunkCount - first);
                var bodies = new byte[n][];
                Parallel.For(0, n, i => bodies[i] = lines(generator.GenerateChunk(first + i)));
                foreach (var body in bodies)
                {
                    await stream.WriteAsync(body, ct);
                }
            }
        });
        await server.InsertAsync(insert, rows, settings, cancellationToken);
    }
}
