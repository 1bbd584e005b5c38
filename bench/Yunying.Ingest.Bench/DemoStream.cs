using Yunying.Analytics.Demo;
using Yunying.Events;

namespace Yunying.Ingest.Bench;

/// <summary>
/// The demo data set as one stream read front to back: every event is handed out once, in the generator's
/// order (chunk after chunk). Chunks are generated on both cores, ahead of any timed phase.
/// </summary>
internal sealed class DemoStream(DemoGenerator generator)
{
    private readonly Queue<EventRecord> _pending = new();
    private int _nextChunk;

    public DemoGenerator Generator => generator;

    public bool Finished => _pending.Count == 0 && _nextChunk >= generator.ChunkCount;

    /// <summary>The next <paramref name="count"/> events (fewer when the data set ends).</summary>
    public List<EventRecord> Take(long count)
    {
        while (_pending.Count < count && _nextChunk < generator.ChunkCount)
        {
            // Generate a few chunks at once, in parallel; their order in the stream stays the generator's.
            var first = _nextChunk;
            var n = Math.Min(generator.ChunkCount - first, Math.Max(2, Environment.ProcessorCount * 2));
            var chunks = new List<EventRecord>[n];
            Parallel.For(0, n, i => chunks[i] = generator.GenerateChunk(first + i));
            _nextChunk += n;
            foreach (var chunk in chunks)
            {
                foreach (var record in chunk)
                {
                    _pending.Enqueue(record);
                }
            }
        }

        var taken = new List<EventRecord>((int)Math.Min(count, _pending.Count));
        while (taken.Count < count && _pending.TryDequeue(out var record))
        {
            taken.Add(record);
        }

        return taken;
    }

    /// <summary>Every event of the data set again, from the start (the generator is deterministic).</summary>
    public static IEnumerable<List<EventRecord>> Chunks(DemoGenerator generator)
    {
        for (var chunk = 0; chunk < generator.ChunkCount; chunk++)
        {
            yield return generator.GenerateChunk(chunk);
        }
    }
}
