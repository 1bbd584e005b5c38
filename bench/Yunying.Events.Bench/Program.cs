using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Yunying.Events;
using Yunying.Events.Bench;
using Yunying.Events.Kernels;

var events = ArgValue(args, "--events", 10_000_000);
var writers = (int)ArgValue(args, "--writers", 8);
var batchSize = (int)ArgValue(args, "--batch", 1000);
var distinct = (int)ArgValue(args, "--distinct", 100_000);
var results = new List<(string Name, double Value, string Unit)>();
var dataDir = Path.Combine(Path.GetTempPath(), "yunying-events-bench-" + Guid.NewGuid().ToString("N"));
var project = Guid.Parse("0badc0de-0000-0000-0000-000000000001");
var end = EventRecord.ToMicros(DateTimeOffset.UtcNow);
Console.WriteLine($"Yunying.Events bench: {events:N0} events, {writers} writers, batches of {batchSize}, {distinct:N0} distinct ids, {Environment.ProcessorCount} cores");
Console.WriteLine($"data directory: {dataDir}");
var synthetic = new SyntheticEvents(distinct, 512, batchSize, seed: 42);
if (args.Contains("--micro"))
{
    Micro.Run(synthetic, (int)(events / batchSize), end);
    return;
}


try
{
    // Warm-up on a throw-away project so the write path runs optimised code (as in a long-running server).
    await using (var warm = EventStore.Open(Path.Combine(dataDir, "warmup"), new EventStoreOptions { SealOnDispose = false }))
    {
        for (var b = 0; b < 300; b += writers)
        {
            await Task.WhenAll(Enumerable.Range(0, writers).Select(w => warm.AppendAsync(project, synthetic.Batch(b + w, 300, end))));
        }
    }

    Directory.Delete(Path.Combine(dataDir, "warmup"), recursive: true);

    // 1. Append throughput with fsync on, group commit, background sealing at the default threshold.
    var batches = events / batchSize;
    var next = -1L;
    var sw = Stopwatch.StartNew();
    await using (var store = EventStore.Open(dataDir))
    {
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            long b;
            while ((b = Interlocked.Increment(ref next)) < batches)
            {
                await store.AppendAsync(project, synthetic.Batch(b, batches, end));
            }
        })));
        var appendSeconds = sw.Elapsed.TotalSeconds;
        results.Add(("append (fsync per group commit)", batches * batchSize / appendSeconds, "events/s"));
        Console.WriteLine($"appended {batches * batchSize:N0} in {appendSeconds:F2} s");
        Console.WriteLine($"  groups {Yunying.Events.Partition.WriterStatistics.Groups:N0}, records {Yunying.Events.Partition.WriterStatistics.Records:N0}, write {Yunying.Events.Partition.WriterStatistics.Write.TotalSeconds:F2} s, apply {Yunying.Events.Partition.WriterStatistics.Apply.TotalSeconds:F2} s, fsync wait {Yunying.Events.Partition.WriterStatistics.FlushWait.TotalSeconds:F2} s");

        // Seal what is left so the on-disk size is all segments.
        sw.Restart();
        await store.FlushAsync(project);
        results.Add(("final flush (seal remaining tail)", sw.Elapsed.TotalSeconds * 1000, "ms"));
    }

    var partition = Path.Combine(dataDir, "events", project.ToString("N"));
    var bytes = Directory.GetFiles(partition).Sum(f => new FileInfo(f).Length);
    results.Add(("bytes on disk per event", (double)bytes / (batches * batchSize), "B/event"));

    // 2. Reopen (recovery from segments).
    sw.Restart();
    await using (var store = EventStore.Open(dataDir))
    {
        var snapshot = await store.GetSnapshotAsync(project);
        results.Add(("reopen (load segments + dictionaries)", sw.Elapsed.TotalMilliseconds, "ms"));
        var rows = snapshot.RowCount;
        Console.WriteLine($"reopened: {rows:N0} rows in {snapshot.Segments.Count} segments");

        // 3. Scans.
        var all = Best(5, () => ScanKernels.CountByEvent(snapshot, long.MinValue, long.MaxValue));
        results.Add(("count by event, all time", rows / all, "events/s"));
        var from = end - (20L * 24 * 3600 * 1_000_000);
        var to = end - (10L * 24 * 3600 * 1_000_000);
        var range = Best(5, () => ScanKernels.CountByEvent(snapshot, from, to));
        results.Add(("count by event, 10-day range (row filter)", rows / range, "events/s"));
        snapshot.EventNames.TryGetId("purchase", out var purchase);
        var one = Best(5, () => snapshot.Segments.Sum(s => ScanKernels.CountEvent(s.Timestamps, s.EventIds, purchase, from, to)));
        results.Add(("count one event in range (1 core)", rows / one, "events/s"));
        var map = Enumerable.Range(0, snapshot.DistinctIds.Count).Select(i => i / 2).ToArray();
        var persons = Best(5, () => ScanKernels.CountDistinctPersons(snapshot, from, to, -1, map));
        results.Add(("distinct persons in range (1 core)", rows / persons, "events/s"));
        var counts = ScanKernels.CountByEvent(snapshot, long.MinValue, long.MaxValue);
        Console.WriteLine("counts: " + string.Join(", ", counts.Select((c, i) => $"{snapshot.EventNames[i]}={c:N0}")));
    }

    // 4. Sealing throughput on its own: one million rows in the tail, then one seal.
    var sealDir = Path.Combine(dataDir, "seal");
    await using (var store = EventStore.Open(sealDir, new EventStoreOptions { SealThreshold = int.MaxValue, SealOnDispose = false }))
    {
        var sealBatches = Math.Min(1_000_000, events) / batchSize;
        for (var b = 0; b < sealBatches; b += writers)
        {
            await Task.WhenAll(Enumerable.Range(0, (int)Math.Min(writers, sealBatches - b))
                .Select(w => store.AppendAsync(project, synthetic.Batch(b + w, sealBatches, end))));
        }

        sw.Restart();
        await store.FlushAsync(project);
        results.Add(("seal 1M-row tail (sort + write + fsync)", sealBatches * batchSize / sw.Elapsed.TotalSeconds, "events/s"));
    }

    results.Add(("peak working set", Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024), "MiB"));
}
finally
{
    Directory.Delete(dataDir, recursive: true);
}

Console.WriteLine();
Console.WriteLine($"| {"measure",-45} | {"value",16} | unit     |");
Console.WriteLine($"|{new string('-', 47)}|{new string('-', 18)}|----------|");
foreach (var (name, value, unit) in results)
{
    Console.WriteLine($"| {name,-45} | {value.ToString("N1", CultureInfo.InvariantCulture),16} | {unit,-8} |");
}

var output = Path.Combine(RepositoryRoot(), "artifacts", "bench", "events.json");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(new
{
    events,
    writers,
    batchSize,
    distinct,
    cores = Environment.ProcessorCount,
    results = results.Select(r => new { name = r.Name, value = Math.Round(r.Value, 1), unit = r.Unit }),
}, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"wrote {output}");

static long ArgValue(string[] args, string name, long fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? long.Parse(args[i + 1].Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;
}

static double Best(int runs, Func<object> scan)
{
    var best = double.MaxValue;
    for (var i = 0; i < runs; i++)
    {
        var sw = Stopwatch.StartNew();
        GC.KeepAlive(scan());
        best = Math.Min(best, sw.Elapsed.TotalSeconds);
    }

    return best;
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Yunying.slnx")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
