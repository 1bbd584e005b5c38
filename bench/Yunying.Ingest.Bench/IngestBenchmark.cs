using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Yunying.Analytics.Demo;
using Yunying.Events;

namespace Yunying.Ingest.Bench;

/// <summary>
/// The run: in-process append, then the real server process under PostHog <c>/batch/</c> load (throughput per
/// batch size, latency at half the peak, the rest of the events for memory), a clean stop, bytes on disk per
/// event, and ClickHouse's size for the same rows.
/// </summary>
internal sealed class IngestBenchmark(BenchOptions options)
{
    private static readonly DateOnly DefaultEnd = new(2026, 10, 31);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(200);
    private readonly Report _report = new();
    private readonly List<Phase> _phases = [];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        string? clickhouse = null;
        if (!options.SkipClickHouse)
        {
            // Fail before ten minutes of ingest, not after.
            clickhouse = ClickHouseServer.Find(options.ClickHouseBinary)
                ?? throw new BenchFailure($"{options.ClickHouseBinary} not found: install Debian's clickhouse-server (apt-get install -y clickhouse-server), pass --clickhouse PATH, or run with --skip-clickhouse.");
        }

        var work = Path.Combine(Path.GetTempPath(), "yunying-ingest-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var environment = new Dictionary<string, string>(options.ServerEnvironment);
        if (options.GcLog)
        {
            // This assembly's StartupHook records the server's GC pauses; the server itself is unchanged.
            environment["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location;
            environment[StartupHook.LogVariable] = Path.Combine(work, "server-gc.log");
        }

        YunyingProgram cli;
        try
        {
            cli = YunyingProgram.Locate(options.Cli, environment);
        }
        catch (FileNotFoundException e)
        {
            throw new BenchFailure(e.Message);
        }

        // A fixed end date keeps the data identical from run to run (and never in the future).
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var end = DefaultEnd < today ? DefaultEnd : today.AddDays(-1);
        var demo = new DemoOptions((int)Math.Min(int.MaxValue, options.Events), options.UsersOrDefault, options.Days, options.Seed, end);
        if (demo.Problem() is { } problem)
        {
            throw new BenchFailure(problem);
        }

        var generator = new DemoGenerator(demo);
        var started = DateTimeOffset.UtcNow;
        var loadAtStart = LoadAverage();
        Console.WriteLine($"Yunying ingest bench: ~{options.Events:N0} demo events ({demo.Users:N0} users, {demo.Days} days to {end:yyyy-MM-dd}, seed {demo.Seed}), batches of {string.Join(" and ", options.BatchSizes)}, {options.Connections} connections");
        Console.WriteLine($"{Environment.ProcessorCount} cores, shared: this client (HTTP, JSON answers) runs on the same cores as the server it measures; load average {loadAtStart}.");
        Console.WriteLine($"server: {cli.Path}; work folder: {work}");

        var exitCode = 0;
        object? disk = null;
        object? memory = null;
        object? gc = null;
        object? clickhouseJson = null;
        try
        {
            await InProcessAsync(generator, work, cancellationToken);
            var (stored, engineBytes, serverJson) = await ServerAsync(cli, generator, Path.Combine(work, "server"), cancellationToken);
            memory = serverJson.Memory;
            disk = serverJson.Disk;
            gc = serverJson.Gc;
            if (clickhouse is not null)
            {
                try
                {
                    clickhouseJson = await ClickHouseAsync(clickhouse, generator, Path.Combine(work, "clickhouse"), stored, engineBytes, cancellationToken);
                }
                catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TimeoutException or IOException)
                {
                    // Keep the ingest figures of a long run; say clearly that the comparison is missing.
                    Console.Error.WriteLine($"error: ClickHouse comparison failed: {e.Message}");
                    clickhouseJson = new { error = e.Message };
                    exitCode = 1;
                }
            }
        }
        finally
        {
            if (options.KeepData)
            {
                Console.WriteLine($"kept {work}");
            }
            else
            {
                TryDelete(work);
            }
        }

        Console.WriteLine();
        Console.WriteLine(_report.Markdown());
        var loadAtEnd = LoadAverage();
        Console.WriteLine($"HTTP figures include the client's own work on the same {Environment.ProcessorCount} cores (serverCores/clientCores per phase in the JSON); load average {loadAtStart} at the start, {loadAtEnd} at the end.");
        var output = options.Out ?? Path.Combine(Repository.Root, "artifacts", "bench", "ingest.json");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(new
        {
            benchmark = "Yunying.Ingest.Bench",
            started,
            seconds = Math.Round((DateTimeOffset.UtcNow - started).TotalSeconds, 1),
            machine = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.VersionString, dotnet = Environment.Version.ToString(), loadAverageAtStart = loadAtStart, loadAverageAtEnd = loadAtEnd },
            note = "The load generator shares the machine's cores with the server process it measures.",
            options = new
            {
                events = options.Events,
                users = demo.Users,
                days = demo.Days,
                seed = demo.Seed,
                endDate = end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                batchSizes = options.BatchSizes,
                connections = options.Connections,
                latencySeconds = options.LatencySeconds,
                inProcessEvents = options.InProcessEvents,
                serverEnvironment = options.ServerEnvironment,
            },
            results = _report.ToJson(),
            phases = _phases.Select(p => p.ToJson()),
            memory,
            gc,
            disk,
            clickhouse = clickhouseJson,
        }, new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        Console.WriteLine($"wrote {output}");
        return exitCode;
    }

    private async Task InProcessAsync(DemoGenerator generator, string work, CancellationToken cancellationToken)
    {
        if (options.InProcessEvents <= 0)
        {
            return;
        }

        var records = new DemoStream(generator).Take(Math.Min(options.InProcessEvents, options.Events));

        // Warm-up on a throw-away store (the first 10 % of the same events), so the timed run is optimised
        // (tier-1) code, as in a long-running server and as the HTTP phases are.
        var warmDirectory = Path.Combine(work, "in-process-warm-up");
        await InProcessAppend.RunAsync(records.GetRange(0, Math.Max(1, records.Count / 10)), options.BatchSizes.Max(), writers: options.Connections, warmDirectory, cancellationToken);
        TryDelete(warmDirectory);

        var directory = Path.Combine(work, "in-process");
        var (events, seconds, retained) = await InProcessAppend.RunAsync(records, options.BatchSizes.Max(), writers: options.Connections, directory, cancellationToken);
        TryDelete(directory);
        var rate = events / seconds;
        Console.WriteLine($"in-process append: {events:N0} demo events in {seconds:F2} s ({options.Connections} writers, batches of {options.BatchSizes.Max()})");
        _report.Add("in-process append (engine, fsync on)", rate, "events/s", "≥ 1,000,000", rate >= 1_000_000);
        Console.WriteLine($"  the open store holds {retained / 1048576.0:N0} MiB of managed heap for them ({(double)retained / events:F0} B/event)");
        _report.Add($"in-process: heap the open store keeps ({events:N0} ev)", (double)retained / events, "B/event");
    }

    private async Task<(long Stored, long Bytes, (object Memory, object Disk, object? Gc) Json)> ServerAsync(
        YunyingProgram cli, DemoGenerator generator, string dataDir, CancellationToken cancellationToken)
    {
        await cli.RunAsync(cancellationToken, "admin", "create-user", "--data-dir", dataDir, "--user-name", "bench", "--administrator");
        using var created = JsonDocument.Parse(await cli.RunAsync(cancellationToken, "project", "create", "--data-dir", dataDir, "--name", "Ingest bench", "--json"));
        var projectId = created.RootElement.GetProperty("id").GetGuid();
        var writeKey = created.RootElement.GetProperty("writeKey").GetString()!;

        using var server = await cli.ServeAsync(dataDir, cancellationToken);
        Console.WriteLine($"server pid {server.Id} on {server.Address}");
        long highWaterIngest;
        int exitCode;
        var sampler = new MemorySampler(server.Id, SampleEvery);
        try
        {
            using var http = HttpLoad.CreateClient(server.Address);
            var load = new HttpLoad(http);
            var stream = new DemoStream(generator);

            // Warm-up at every batch size: JIT tiers (a long-running server runs optimised code), the connection
            // pool, the project's partition. The events are part of the data set like everything else sent.
            foreach (var size in options.BatchSizes)
            {
                var warmUp = PostHogBatch.Build(writeKey, stream.Take(Math.Min(options.WarmUpMaxEvents, (long)(options.Events * options.WarmUpShare))), size);
                await MeasureAsync($"warm-up, batches of {size}", size, $"closed, {options.Connections} connections", server, sampler,
                    () => load.ClosedLoopAsync(warmUp, options.Connections, cancellationToken));
            }

            var peaks = new Dictionary<int, double>();
            foreach (var size in options.BatchSizes)
            {
                var batches = PostHogBatch.Build(writeKey, stream.Take((long)(options.Events * options.ThroughputShare)), size);
                var phase = await MeasureAsync($"throughput, batches of {size}", size, $"closed, {options.Connections} connections", server, sampler,
                    () => load.ClosedLoopAsync(batches, options.Connections, cancellationToken));
                peaks[size] = phase.Load.EventsPerSecond;
                _report.Add($"HTTP ingest, /batch/ of {size}", phase.Load.EventsPerSecond, "events/s", "≥ 100,000", phase.Load.EventsPerSecond >= 100_000);
            }

            foreach (var size in options.BatchSizes)
            {
                var rate = peaks[size] / 2;
                var count = (long)Math.Min(rate * options.LatencySeconds, options.Events * options.LatencyShare);
                var batches = PostHogBatch.Build(writeKey, stream.Take(Math.Max(size, count / size * size)), size);
                var phase = await MeasureAsync($"latency at half peak, batches of {size}", size, $"open, {rate / size:F1} requests/s ({rate:N0} events/s)", server, sampler,
                    () => load.OpenLoopAsync(batches, rate / size, cancellationToken));
                var p99 = phase.Load.Percentile(0.99);
                _report.Add($"p50 capture latency, {size}/batch, {rate:N0} ev/s", phase.Load.Percentile(0.5), "ms");
                _report.Add($"p99 capture latency, {size}/batch, {rate:N0} ev/s", p99, "ms", "< 50", p99 < 50);
                _report.Add($"max capture latency, {size}/batch, {rate:N0} ev/s", phase.Load.Percentile(1), "ms");
            }

            // The rest of the data set, as fast as it goes, prepared a round at a time so the client stays small.
            var bulkEvents = 0L;
            var bulkSeconds = 0.0;
            var round = 0;
            var largest = options.BatchSizes.Max();
            while (!stream.Finished)
            {
                var batches = PostHogBatch.Build(writeKey, stream.Take(options.RoundEvents), largest);
                var phase = await MeasureAsync($"bulk round {++round}", largest, $"closed, {options.Connections} connections", server, sampler,
                    () => load.ClosedLoopAsync(batches, options.Connections, cancellationToken));
                bulkEvents += phase.Load.Events;
                bulkSeconds += phase.Load.Seconds;
            }

            if (bulkEvents > 0)
            {
                _report.Add($"HTTP ingest, bulk rest ({bulkEvents:N0} ev, {largest}/batch)", bulkEvents / bulkSeconds, "events/s");
            }

            sampler.Sample();
            highWaterIngest = sampler.HighWaterMark;
            sampler.Phase = "shutdown (seals the tail)";
            var clock = Stopwatch.StartNew();
            exitCode = await server.StopAsync(TimeSpan.FromMinutes(15));
            Console.WriteLine($"server stopped in {clock.Elapsed.TotalSeconds:F1} s, exit code {exitCode}");
        }
        finally
        {
            await sampler.DisposeAsync();
        }

        var sent = _phases.Sum(p => p.Load.Events);
        var accepted = _phases.Sum(p => p.Load.Accepted);
        var duplicates = _phases.Sum(p => p.Load.Duplicates);
        var failed = _phases.Sum(p => p.Load.FailedRequests);
        Console.WriteLine($"sent {sent:N0} events: {accepted:N0} accepted, {duplicates:N0} duplicates, {failed:N0} failed requests");
        if (failed > 0 || accepted != sent || exitCode != 0)
        {
            Console.WriteLine($"warning: not every event was accepted or the server did not stop cleanly (exit {exitCode}); first failure: {_phases.Select(p => p.Load.FirstFailure).FirstOrDefault(f => f is not null)}");
        }

        _report.Add($"server peak RSS ingesting {sent:N0} events", highWaterIngest / 1048576.0, "MiB", "< 1,024", highWaterIngest < 1L << 30);
        _report.Add("server peak RSS incl. shutdown seal", sampler.HighWaterMark / 1048576.0, "MiB");
        _report.Add("  of it anonymous (heap; largest sample)", sampler.PeakAnonymous / 1048576.0, "MiB");
        _report.Add("  of it file-backed (mapped segments; largest sample)", sampler.PeakFileBacked / 1048576.0, "MiB");

        // Bytes on disk: every file of the project's partition once the server has sealed and stopped.
        var partition = new DirectoryInfo(Path.Combine(dataDir, "events", projectId.ToString("N")));
        var files = partition.GetFiles("*", SearchOption.AllDirectories);
        var bytes = files.Sum(f => f.Length);
        var byKind = files.GroupBy(f => f.Extension.Length > 0 ? f.Extension : f.Name).ToDictionary(g => g.Key, g => new { files = g.Count(), bytes = g.Sum(f => f.Length) });
        long stored;
        await using (var store = EventStore.Open(dataDir))
        {
            stored = (await store.GetSnapshotAsync(projectId, cancellationToken)).RowCount;
        }

        var perEvent = (double)bytes / stored;
        Console.WriteLine($"event store: {stored:N0} rows, {bytes:N0} bytes in {files.Length} files: {perEvent:F1} B/event");
        _report.Add("PostHog JSON sent per event (uncompressed)", (double)_phases.Sum(p => p.Load.BodyBytes) / sent, "B/event");
        _report.Add("Yunying engine: bytes on disk per event", perEvent, "B/event");

        var memory = new
        {
            peakRssIngestMiB = Math.Round(highWaterIngest / 1048576.0, 1),
            peakRssWithShutdownMiB = Math.Round(sampler.HighWaterMark / 1048576.0, 1),
            peakAnonymousRssMiB = Math.Round(sampler.PeakAnonymous / 1048576.0, 1),
            peakFileBackedRssMiB = Math.Round(sampler.PeakFileBacked / 1048576.0, 1),
            peakRssByPhaseMiB = sampler.PeakByPhase.ToDictionary(p => p.Key, p => Math.Round(p.Value / 1048576.0, 1)),
            samples = sampler.Samples().Select(s => new { s = Math.Round(s.Seconds, 1), rssMiB = Math.Round(s.Rss / 1048576.0, 1), phase = s.Phase }),
        };
        var disk = new { storedRows = stored, bytes, bytesPerEvent = Math.Round(perEvent, 2), files = byKind, sentEvents = sent, acceptedEvents = accepted, duplicates };
        return (stored, bytes, (memory, disk, GcAnalysis(files, cli.Environment.GetValueOrDefault(StartupHook.LogVariable))));
    }

    /// <summary>The server's GC pauses per phase, and where the slow requests of the latency phases come from.</summary>
    private object? GcAnalysis(FileInfo[] partitionFiles, string? log)
    {
        if (log is null)
        {
            return null;
        }

        var pauses = GcPause.Read(log);
        if (pauses.Count == 0)
        {
            Console.WriteLine("warning: the server logged no GC pauses (was the startup hook loaded?)");
            return null;
        }

        var seals = partitionFiles.Where(f => f.Extension == ".yseg").Select(f => f.LastWriteTimeUtc).Order().ToList();
        Console.WriteLine($"server GC: {pauses.Count:N0} pauses, {pauses.Sum(p => p.Milliseconds) / 1000:F1} s in total, longest {pauses.Max(p => p.Milliseconds):F1} ms; {seals.Count} segments sealed");
        var byPhase = new Dictionary<string, object>();
        foreach (var phase in _phases)
        {
            var print = phase.Name.StartsWith("latency", StringComparison.Ordinal) ? Console.WriteLine : (Action<string>)(_ => { });
            byPhase[phase.Name] = LatencyForensics.Analyze(phase, pauses, seals, print);
        }

        // After a gen2 GC, what survived is the live heap: the engine's data, not garbage waiting for a collection.
        var heaps = GcHeap.Read(log);
        var lastFull = heaps.LastOrDefault(h => h.Generation == 2);
        if (heaps.Count > 0)
        {
            Console.WriteLine($"server heap: largest after a GC {heaps.Max(h => h.HeapBytes) / 1048576.0:N0} MiB; live after the last gen2 GC {(lastFull is null ? "–" : $"{lastFull.PromotedBytes / 1048576.0:N0} MiB")}");
            _report.Add("server managed heap, largest after a GC", heaps.Max(h => h.HeapBytes) / 1048576.0, "MiB");
        }

        if (lastFull is not null)
        {
            _report.Add("server live heap at the last gen2 GC", lastFull.PromotedBytes / 1048576.0, "MiB");
        }

        var latency = _phases.Where(p => p.Name.StartsWith("latency", StringComparison.Ordinal)).ToList();
        var inLatency = pauses.Where(p => latency.Any(l => p.At >= l.Load.StartedUtc && p.At <= l.Load.StartedUtc.AddSeconds(l.Load.Seconds))).ToList();
        if (inLatency.Count > 0)
        {
            _report.Add("longest server GC pause in latency phases", inLatency.Max(p => p.Milliseconds), "ms");
        }

        return new
        {
            pauses = pauses.Count,
            pauseTotalMs = Math.Round(pauses.Sum(p => p.Milliseconds), 1),
            pauseMaxMs = Math.Round(pauses.Max(p => p.Milliseconds), 1),
            byGeneration = pauses.GroupBy(p => p.Generation).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => new { count = g.Count(), totalMs = Math.Round(g.Sum(p => p.Milliseconds), 1), maxMs = Math.Round(g.Max(p => p.Milliseconds), 1) }),
            sealTimes = seals,
            heapAfterGcMiB = heaps.Count == 0 ? 0 : Math.Round(heaps.Max(h => h.HeapBytes) / 1048576.0, 1),
            fullGcs = heaps.Where(h => h.Generation == 2).Select(h => new { at = h.At, heapMiB = Math.Round(h.HeapBytes / 1048576.0, 1), liveMiB = Math.Round(h.PromotedBytes / 1048576.0, 1) }),
            phases = byPhase,
        };
    }

    private async Task<object> ClickHouseAsync(string binary, DemoGenerator generator, string directory, long stored, long engineBytes, CancellationToken cancellationToken)
    {
        var (version, tables) = await ClickHouseComparison.RunAsync(binary, directory, generator, Console.WriteLine, cancellationToken);
        foreach (var table in tables)
        {
            if (table.Rows != stored)
            {
                Console.WriteLine($"warning: ClickHouse {table.Name} holds {table.Rows:N0} rows, the engine {stored:N0}");
            }

            _report.Add($"ClickHouse {version} {table.Name}: bytes on disk per event", table.BytesPerRow, "B/event");
        }

        _report.Add("engine ÷ ClickHouse events_json (size ratio)", (double)engineBytes / stored / tables[0].BytesPerRow, "×");
        return new
        {
            version,
            tables = tables.Select(t => new
            {
                name = t.Name,
                description = t.Description,
                orderBy = t.OrderBy,
                rows = t.Rows,
                activeParts = t.ActiveParts,
                bytesOnDisk = t.BytesOnDisk,
                bytesPerRow = Math.Round(t.BytesPerRow, 2),
                compressedBytes = t.CompressedBytes,
                uncompressedBytes = t.UncompressedBytes,
                insertSeconds = Math.Round(t.InsertSeconds, 1),
                columns = t.Columns.Select(c => new { name = c.Name, type = c.Type, compressed = c.CompressedBytes, uncompressed = c.UncompressedBytes }),
            }),
        };
    }

    private async Task<Phase> MeasureAsync(string name, int batchSize, string mode, RunningProcess server, MemorySampler sampler, Func<Task<LoadResult>> run)
    {
        GC.Collect();
        sampler.Phase = name;
        var serverCpu = ProcStatus.CpuSeconds(server.Id) ?? 0;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var load = await run();
        sampler.Sample();
        var phase = new Phase(
            name, batchSize, mode, load,
            (ProcStatus.CpuSeconds(server.Id) ?? serverCpu) - serverCpu,
            Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - clientCpu,
            sampler.PeakByPhase.GetValueOrDefault(name));
        _phases.Add(phase);

        var failures = load.FailedRequests > 0 ? $"; {load.FailedRequests} FAILED: {load.FirstFailure}" : string.Empty;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {load.Events:N0} events in {load.Seconds:F2} s = {load.EventsPerSecond:N0} events/s; latency p50 {load.Percentile(0.5):F1} p99 {load.Percentile(0.99):F1} max {load.Percentile(1):F1} ms; server {phase.ServerCores:F2} cores, client {phase.ClientCores:F2} cores; RSS peak {phase.ServerPeakRss / 1048576.0:F0} MiB{failures}"));
        return phase;
    }

    /// <summary>The 1, 5 and 15-minute load averages: above the core count, others were using the machine too.</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException e)
        {
            Console.WriteLine($"could not delete {directory}: {e.Message}");
        }
    }
}
