using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Yunying.Analytics.Demo;
using Yunying.Analytics.Explore;
using Yunying.Analytics.Query;
using Yunying.Core.Results;
using Yunying.Query.Bench;

// Times analytics queries on the demo dataset in the embedded engine (in process, Release build), asks the issue's
// questions of ClickHouse too over the same rows and persons, and checks that the answers agree:
//   dotnet build -c Release bench/Yunying.Query.Bench
//   dotnet bench/Yunying.Query.Bench/bin/Release/net10.0/Yunying.Query.Bench.dll [--help for the options]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Args options;
try
{
    options = Args.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

string? clickhouse = null;
if (!options.SkipClickHouse)
{
    clickhouse = ClickHouseServer.Find(options.ClickHouseBinary);
    if (clickhouse is null)
    {
        Console.Error.WriteLine($"error: {options.ClickHouseBinary} not found: install Debian's clickhouse-server (apt-get install -y clickhouse-server), pass --clickhouse PATH, or run with --skip-clickhouse.");
        return 2;
    }
}

var report = new Dictionary<string, object?>
{
    ["options"] = options,
    ["cores"] = Environment.ProcessorCount,
    ["loadAverageAtStart"] = LoadAverage(),
    ["now"] = EngineData.Now,
};
var dataDir = options.DataDir ?? Path.Combine(Path.GetTempPath(), "yunying-query-bench-" + Guid.NewGuid().ToString("N"));
var demo = new DemoOptions(options.Events, options.Users, options.Days, options.Seed, EngineData.EndDate);
Console.WriteLine($"data dir {dataDir}; {Environment.ProcessorCount} cores; {options.Events:N0} events, {options.Users:N0} users, {options.Days} days, seed {options.Seed}; load average {LoadAverage()}");
var last30 = new DateRange("-30d");
var everything = TrendCases.Everything(last30).ToList();
var compared = ClickHouseCases.All(name => everything.Single(q => q.Name == name).Query);
await using (var data = await EngineData.OpenAsync(dataDir, demo, Console.WriteLine))
{
    var (context, persons, resolveMs) = await data.ContextAsync();
    Console.WriteLine(EngineData.Describe(context.Snapshot));
    Console.WriteLine(data.HasResolver
        ? $"person map: {persons.PersonCount:N0} persons in {resolveMs:F0} ms (once per snapshot; not in the query times)"
        : $"no IPersonResolver registered yet: counting each distinct id as its own person ({persons.PersonCount:N0})");
    report["rows"] = context.Snapshot.RowCount;
    report["persons"] = persons.PersonCount;
    report["personMapMs"] = Math.Round(resolveMs, 1);

    Console.WriteLine();
    Console.WriteLine($"{"query",-52} {"min ms",8} {"median ms",10} {"cpu ms",8} {"alloc MB",9} {"lines",6}");
    var engineRows = new List<object>();
    foreach (var (name, query) in everything.Where(q => options.Only is null || q.Name.Contains(options.Only, StringComparison.OrdinalIgnoreCase)))
    {
        var (time, error) = EngineTime.Measure(query, context, options.Repeat);
        if (time is null)
        {
            Console.WriteLine($"{name}: {error}");
            engineRows.Add(new { query = name, error });
            continue;
        }

        Console.WriteLine($"{name,-52} {time.MinMs,8:F0} {time.MedianMs,10:F0} {time.CpuMs,8:F0} {time.AllocatedMb,9:F1} {EngineTime.Rows(time.Result),6}");
        engineRows.Add(new { query = name, minMs = R(time.MinMs), medianMs = R(time.MedianMs), cpuMs = R(time.CpuMs), allocatedMb = R(time.AllocatedMb), lines = EngineTime.Rows(time.Result) });
    }

    report["engine"] = engineRows;

    // The compared questions: the engine's times again (the table above may have been cut by --only), with the
    // process's peak RSS reset first so the figure is the queries' own (the load's peak is reported beside it).
    using var self = Process.GetCurrentProcess();
    var peakBefore = self.PeakWorkingSet64;
    var (liveHeapMb, settledRssMb, reset) = EngineMemory.Settle();
    Console.WriteLine();
    Console.WriteLine($"engine process: peak RSS {Mb(peakBefore):N0} MB through generation, load and the main table; after a full compacting GC the live managed heap is {liveHeapMb:N0} MB, RSS {settledRssMb:N0} MB");
    var ranges = new ClickHouseCases.BenchRanges();
    Console.WriteLine();
    Console.WriteLine($"compared questions, {ranges}");
    var engineTimes = EngineTime.MeasureAll(compared, context, options.Repeat, string.Empty, (c, time) =>
    {
        var (from, to) = ranges.Expected(time.Result);
        if (EventRecordMicros(time.Result.From) != from || EventRecordMicros(time.Result.To) != to)
        {
            Console.WriteLine($"warning: {c.Name}: the engine answered for {time.Result.From:O} – {time.Result.To:O}; the ClickHouse SQL uses {DateTimeOffset.FromUnixTimeMilliseconds(from / 1000).ToOffset(TimeSpan.FromHours(8)):O} – {DateTimeOffset.FromUnixTimeMilliseconds(to / 1000).ToOffset(TimeSpan.FromHours(8)):O}");
        }
    });

    var engineQueryPeak = reset ? engineTimes.Values.Max(t => t.PeakRssMb) : null;
    Console.WriteLine($"engine process: peak RSS during the compared questions {(engineQueryPeak is { } peak ? $"{peak:N0} MB (the largest of their own peaks)" : "unknown (clear_refs refused)")}");
    report["engineMemory"] = new { peakRssThroughLoadMb = Mb(peakBefore), liveHeapMb, settledRssMb, peakRssDuringComparedQueriesMb = engineQueryPeak };

    if (clickhouse is not null)
    {
        report["clickhouse"] = await CompareWithClickHouseAsync(clickhouse, data, persons, context.Snapshot.RowCount, compared, engineTimes, options);
    }
    else
    {
        Console.WriteLine();
        Console.WriteLine("| query | embedded ms (best / median) | embedded peak RSS |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach (var (name, time) in engineTimes)
        {
            Console.WriteLine($"| {name} | {time.MinMs:F0} / {time.MedianMs:F0} | {time.PeakRssMb:N0} MB |");
        }
    }

    if (options.ConcurrentIngest)
    {
        Console.WriteLine();
        Console.WriteLine("concurrent ingest: appending a second demo data set while the compared questions run");
        report["concurrentIngest"] = await ConcurrentIngest.RunAsync(data, compared, options, engineTimes.ToDictionary(t => t.Key, t => t.Value.MedianMs));
    }

    self.Refresh();
    Console.WriteLine();
    Console.WriteLine($"engine process: peak RSS {Mb(self.PeakWorkingSet64):N0} MB since the compared questions began (ClickHouse load and concurrent ingest included)");
}

if (options.DataDir is null)
{
    Directory.Delete(dataDir, recursive: true);
}

if (options.Sizes.Count > 0)
{
    report["sizes"] = await SizesAsync(options, compared);
}

report["loadAverageAtEnd"] = LoadAverage();
var output = options.Out ?? Path.Combine(Repository.Root, "artifacts", "bench", "query.json");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
Console.WriteLine($"wrote {output}");
return 0;

static async Task<object> CompareWithClickHouseAsync(
    string binary, EngineData data, Yunying.Analytics.People.PersonMap persons, long engineRows, IReadOnlyList<ComparedCase> compared, Dictionary<string, EngineTime> engineTimes, Args options)
{
    var directory = Path.Combine(Path.GetTempPath(), "yunying-query-bench-clickhouse-" + Guid.NewGuid().ToString("N"));
    var cancellationToken = CancellationToken.None;
    try
    {
        await using var server = await ClickHouseServer.StartAsync(binary, directory, cancellationToken);
        var version = (await server.QueryAsync("SELECT version()", cancellationToken)).Trim();
        Console.WriteLine();
        Console.WriteLine($"ClickHouse {version} on loopback (pid {server.ProcessId}), data in {directory}; table events ORDER BY {ClickHouseQueries.OrderBy}");
        var (rows, insertSeconds, optimizeSeconds) = await ClickHouseQueries.LoadAsync(server, data.Generator, persons, cancellationToken);
        Console.WriteLine($"  inserted {rows:N0} rows in {insertSeconds:F1} s ({rows / insertSeconds:N0}/s), OPTIMIZE FINAL {optimizeSeconds:F1} s");
        if (rows != engineRows)
        {
            Console.WriteLine($"warning: ClickHouse holds {rows:N0} rows, the engine {engineRows:N0}");
        }

        var ranges = new ClickHouseCases.BenchRanges();
        var checks = (await server.QueryAsync(
            $"""
            SELECT countIf(timestamp_us >= {ranges.NowMicros}), countIf(timestamp_us < {ranges.FromMicros}), min(t), max(t), uniqExact(person_id),
                (SELECT count() FROM (SELECT person_id, intDiv(timestamp_us, {ClickHouseCases.Centisecond}) AS cs FROM events GROUP BY person_id, cs HAVING count() > 1))
            FROM events
            """,
            cancellationToken)).Trim().Split('\t');
        Console.WriteLine($"  rows at or after now: {checks[0]}; before the range: {checks[1]}; times {checks[2]} – {checks[3]}; persons {checks[4]} (engine {persons.PersonCount:N0}); (person, centisecond) pairs with more than one event: {checks[5]}");
        var memoryAfterLoad = ProcStatus.Memory(server.ProcessId);
        var reset = ProcStatus.ResetPeak(server.ProcessId);

        var times = new List<(ComparedCase Case, string Id, ClickHouseTime Time, Agreement Agreement)>();
        for (var i = 0; i < compared.Count; i++)
        {
            var c = compared[i];
            if (!engineTimes.TryGetValue(c.Name, out var engine))
            {
                continue;
            }

            var id = $"bench-{i}";
            ClickHouseTime time;
            try
            {
                time = await ClickHouseQueries.MeasureAsync(server, c, id, options.Repeat, cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                Console.WriteLine($"error: {c.Name}: {e.Message}");
                continue;
            }

            var agreement = Agreement.Compare(c.Cells(engine.Result), time.Cells, tolerance: 0);
            times.Add((c, id, time, agreement));
            Console.WriteLine($"  {c.Name}: ClickHouse {time.MinMs:F0} ms; {(agreement.Agrees ? "answers agree" : $"{agreement.Differing} of {agreement.Cells} cells differ (max {agreement.MaxDifference:G6})")}");
            foreach (var example in agreement.Examples)
            {
                Console.WriteLine("    " + example);
            }
        }

        var log = new Dictionary<string, (long MemoryBytes, double ServerMs)>();
        try
        {
            log = await ClickHouseQueries.QueryLogAsync(server, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine($"warning: no query memory from system.query_log: {e.Message}");
        }

        var memoryAfterQueries = ProcStatus.Memory(server.ProcessId);
        Console.WriteLine();
        Console.WriteLine("| query | embedded ms (best / median) | ClickHouse ms (best / median) | ratio (best) | ≤ 0.25? | embedded peak RSS | ClickHouse query memory | agree? |");
        Console.WriteLine("| --- | ---: | ---: | ---: | --- | ---: | ---: | --- |");
        var table = new List<object>();
        foreach (var (c, id, time, agreement) in times)
        {
            var engine = engineTimes[c.Name];
            var ratio = engine.MinMs / time.MinMs;
            var (memory, serverMs) = log.TryGetValue(id, out var entry) ? entry : (0L, double.NaN);
            var agrees = agreement.Agrees ? $"yes ({agreement.Cells} cells)" : $"NO: {agreement.Differing} of {agreement.Cells} cells differ, max {agreement.MaxDifference:G6}";
            Console.WriteLine($"| {c.Name} | {engine.MinMs:F0} / {engine.MedianMs:F0} | {time.MinMs:F0} / {time.MedianMs:F0} | {ratio:F2} | {(ratio <= 0.25 ? "yes" : "no")} | {engine.PeakRssMb:N0} MB | {Mb(memory):N0} MB | {agrees} |");
            table.Add(new
            {
                query = c.Name,
                embeddedMinMs = R(engine.MinMs),
                embeddedMedianMs = R(engine.MedianMs),
                clickhouseMinMs = R(time.MinMs),
                clickhouseMedianMs = R(time.MedianMs),
                clickhouseServerMedianMs = double.IsNaN(serverMs) ? (double?)null : serverMs,
                ratio = Math.Round(ratio, 3),
                targetMet = ratio <= 0.25,
                embeddedPeakRssMb = engine.PeakRssMb,
                clickhouseMemoryMb = Mb(memory),
                agrees = agreement.Agrees,
                cells = agreement.Cells,
                differing = agreement.Differing,
                maxDifference = agreement.MaxDifference,
                examples = agreement.Examples,
                note = c.Note,
                sql = c.Sql,
            });
        }

        Console.WriteLine();
        Console.WriteLine($"ClickHouse server RSS after the load {Mb(memoryAfterLoad?.Rss ?? 0):N0} MB (peak through insert and merges {Mb(memoryAfterLoad?.Peak ?? 0):N0} MB); peak during the queries {(reset ? $"{Mb(memoryAfterQueries?.Peak ?? 0):N0} MB" : "unknown (clear_refs refused)")}");
        return new
        {
            version,
            orderBy = ClickHouseQueries.OrderBy,
            columns = ClickHouseQueries.Columns,
            rows,
            insertSeconds = Math.Round(insertSeconds, 1),
            optimizeSeconds = Math.Round(optimizeSeconds, 1),
            rssAfterLoadMb = Mb(memoryAfterLoad?.Rss ?? 0),
            peakRssThroughLoadMb = Mb(memoryAfterLoad?.Peak ?? 0),
            peakRssDuringQueriesMb = reset ? Mb(memoryAfterQueries?.Peak ?? 0) : (double?)null,
            checks,
            queries = table,
        };
    }
    finally
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

static async Task<object> SizesAsync(Args options, IReadOnlyList<ComparedCase> compared)
{
    var columns = new List<(int Events, long Rows, Dictionary<string, EngineTime> Times, double LiveHeapMb, double? PeakRssMb)>();
    foreach (var events in options.Sizes)
    {
        var users = Math.Max(1, events / 10);
        var dir = options.DataDir is null
            ? Path.Combine(Path.GetTempPath(), "yunying-query-bench-size-" + Guid.NewGuid().ToString("N"))
            : options.DataDir.TrimEnd('/') + "-size-" + events.ToString(CultureInfo.InvariantCulture);
        Console.WriteLine();
        Console.WriteLine($"size {events:N0} events, {users:N0} users: data dir {dir}");
        await using (var data = await EngineData.OpenAsync(dir, new DemoOptions(events, users, options.Days, options.Seed, EngineData.EndDate), Console.WriteLine))
        {
            var (context, persons, resolveMs) = await data.ContextAsync();
            Console.WriteLine($"  {EngineData.Describe(context.Snapshot)}; {persons.PersonCount:N0} persons (map {resolveMs:F0} ms)");
            var (liveHeapMb, settledRssMb, _) = EngineMemory.Settle();
            var times = EngineTime.MeasureAll(compared, context, options.Repeat, "  ", (c, time) => Console.WriteLine($"  {c.Name}: {time.MinMs:F0} / {time.MedianMs:F0} ms, peak RSS {time.PeakRssMb:N0} MB"));
            var peak = times.Values.Max(t => t.PeakRssMb);
            Console.WriteLine($"  live managed heap {liveHeapMb:N0} MB, RSS {settledRssMb:N0} MB before the questions, peak RSS {peak:N0} MB during them");

            columns.Add((events, context.Snapshot.RowCount, times, liveHeapMb, peak));
        }

        if (options.DataDir is null)
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    Console.WriteLine();
    Console.WriteLine("embedded engine, best / median ms of " + options.Repeat + " runs:");
    Console.WriteLine("| query | " + string.Join(" | ", columns.Select(c => $"{c.Rows / 1e6:F1} M events")) + " |");
    Console.WriteLine("| --- |" + string.Concat(columns.Select(_ => " ---: |")));
    foreach (var c in compared)
    {
        Console.WriteLine($"| {c.Name} | " + string.Join(" | ", columns.Select(col => col.Times.TryGetValue(c.Name, out var t) ? $"{t.MinMs:F0} / {t.MedianMs:F0}" : "–")) + " |");
    }

    Console.WriteLine("| live heap / peak RSS during the questions, MB | " + string.Join(" | ", columns.Select(col => $"{col.LiveHeapMb:N0} / {col.PeakRssMb:N0}")) + " |");

    return columns.Select(col => new
    {
        events = col.Events,
        rows = col.Rows,
        liveHeapMb = col.LiveHeapMb,
        peakRssDuringQueriesMb = col.PeakRssMb,
        queries = col.Times.Select(t => new { query = t.Key, minMs = R(t.Value.MinMs), medianMs = R(t.Value.MedianMs), peakRssMb = t.Value.PeakRssMb }),
    });
}

static double? R(double value) => double.IsNaN(value) ? null : Math.Round(value, 1);

static double Mb(long bytes) => EngineMemory.Mb(bytes);

static long EventRecordMicros(DateTimeOffset time) => Yunying.Events.EventRecord.ToMicros(time);

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

/// <summary>The benchmark may do anything to its own project.</summary>
internal sealed class AnyoneMayRead : IProjectAccess
{
    public Task<Error?> CanReadAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken) => Task.FromResult<Error?>(null);

    public Task<Error?> CanEditAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken) => Task.FromResult<Error?>(null);

    public Task<Error?> CanManageAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken) => Task.FromResult<Error?>(null);

    public Task<Result<string>> ReadTimeZoneAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken) => Task.FromResult<Result<string>>("Asia/Shanghai");
}
