using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Yunying.Analytics;
using Yunying.Analytics.Demo;
using Yunying.Analytics.Explore;
using Yunying.Analytics.People;
using Yunying.Analytics.Query;
using Yunying.Core.Results;
using Yunying.Events;
using Yunying.Query.Bench;

// Times trends queries on the demo dataset in the embedded engine (in process, Release build):
//   dotnet run -c Release --project bench/Yunying.Query.Bench -- [--events 10000000] [--users 1000000] [--days 30]
//        [--seed 42] [--data-dir DIR (kept and reused)] [--repeat 5] [--only TEXT (the cases whose name contains it)]
var options = Args.Parse(args);
var dataDir = options.DataDir ?? Path.Combine(Path.GetTempPath(), "yunying-query-bench-" + Guid.NewGuid().ToString("N"));
var keep = options.DataDir is not null;
var endDate = new DateOnly(2026, 11, 21);
var projectId = new Guid(options.Seed, 0x5155, 0x4552, 0x59, 0x42, 0x45, 0x4e, 0x43, 0x48, (byte)(options.Events % 251), (byte)(options.Users % 251));
Console.WriteLine($"data dir {dataDir}; {Environment.ProcessorCount} cores; {options.Events:N0} events, {options.Users:N0} users, {options.Days} days, seed {options.Seed}");
await using (var store = EventStore.Open(dataDir, new EventStoreOptions { SealOnDispose = false }))
{
    var snapshot = await store.GetSnapshotAsync(projectId);
    if (snapshot.RowCount == 0)
    {
        var generator = new DemoGenerator(new DemoOptions(options.Events, options.Users, options.Days, options.Seed, endDate));
        var loaded = await DemoLoader.LoadAsync(store, projectId, generator, null, CancellationToken.None);
        await store.FlushAsync(projectId);
        Console.WriteLine($"loaded {loaded.Events:N0} events in {loaded.Elapsed.TotalSeconds:F1} s");
        snapshot = await store.GetSnapshotAsync(projectId);
    }

    Console.WriteLine($"{snapshot.RowCount:N0} rows in {snapshot.Segments.Count} views; {snapshot.DistinctIds.Count:N0} distinct ids; {snapshot.PropertyValues.Count:N0} property values");

    var services = new ServiceCollection();
    services.AddSingleton(store);
    services.AddSingleton(TimeProvider.System);
    services.AddEventExplorer<AnyoneMayRead>();
    await using var provider = services.BuildServiceProvider();
    var resolver = provider.GetService<IPersonResolver>();
    var watch = Stopwatch.StartNew();
    PersonMap persons;
    if (resolver is null)
    {
        Console.WriteLine("no IPersonResolver registered yet: counting each distinct id as its own person");
        persons = OwnPersons.Map(snapshot);
    }
    else
    {
        persons = resolver.Resolve(snapshot);
    }

    Console.WriteLine($"person map: {persons.PersonCount:N0} persons in {watch.Elapsed.TotalMilliseconds:F0} ms (once per snapshot; not in the query times)");
    ZonedCalendar.TryFind("Asia/Shanghai", out var calendar);
    var now = EventRecord.ToMicros(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.FromHours(8)));
    var context = new QueryContext(snapshot, persons, calendar, now);
    var last30 = new DateRange("-30d");
    var queries = new (string Name, AnalyticsQuery Query)[]
    {
        ("daily total, all events", new TrendsQuery { DateRange = last30, Series = [new TrendSeries()] }),
        ("daily $pageview by city (top 25)", new TrendsQuery { DateRange = last30, Series = [new TrendSeries { Event = DemoGenerator.PageView }], Breakdown = new Breakdown("city") }),
        ("daily unique persons, $pageview", new TrendsQuery { DateRange = last30, Series = [new TrendSeries { Event = DemoGenerator.PageView, Math = "dau" }] }),
        ("daily unique persons by platform", new TrendsQuery { DateRange = last30, Series = [new TrendSeries { Math = "dau" }], Breakdown = new Breakdown("platform") }),
        ("DAU/MAU (all events)", new TrendsQuery { DateRange = last30, Series = [new TrendSeries { Math = "dau" }, new TrendSeries { Math = "monthly_active" }], Formula = "A/B" }),
        ("hourly sum of purchase amount", new TrendsQuery { DateRange = last30, Interval = Interval.Hour, Series = [new TrendSeries { Event = DemoGenerator.Purchase, Math = "sum", MathProperty = "amount" }] }),
        ("weekly unique with compare", new TrendsQuery { DateRange = last30, Interval = Interval.Week, Compare = true, Series = [new TrendSeries { Math = "dau" }] }),
        ("daily $pageview where city=上海 and platform!=web", new TrendsQuery
        {
            DateRange = last30,
            Series = [new TrendSeries { Event = DemoGenerator.PageView }],
            Properties = [new PropertyFilter("city", "exact", System.Text.Json.JsonSerializer.SerializeToElement("上海")), new PropertyFilter("platform", "is_not", System.Text.Json.JsonSerializer.SerializeToElement("web"))],
        }),
    }.Concat(RetentionCases.All(last30)).Concat(FunnelCases.All(last30)).Concat(PathCases.All(last30));

    Console.WriteLine();
    Console.WriteLine($"{"query",-52} {"min ms",8} {"median ms",10} {"cpu ms",8} {"alloc MB",9} {"lines",6}");
    foreach (var (name, query) in queries.Where(q => options.Only is null || q.Name.Contains(options.Only, StringComparison.OrdinalIgnoreCase)))
    {
        var result = QueryRunner.Run(query, context);
        if (!result.IsSuccess)
        {
            Console.WriteLine($"{name}: {result.Error.Message}");
            continue;
        }

        var times = new List<double>();
        var cpu = new List<double>();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < options.Repeat; i++)
        {
            // CPU time of the whole process (all its threads) as well: on a loaded machine it is steadier than wall time.
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var lap = Stopwatch.StartNew();
            result = QueryRunner.Run(query, context);
            times.Add(lap.Elapsed.TotalMilliseconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }

        var perQuery = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)options.Repeat / (1024 * 1024);

        times.Sort();
        cpu.Sort();
        var lines = result.Value is Yunying.Analytics.Query.Paths.PathsResult paths ? PathCases.Rows(paths) : result.Value is Yunying.Analytics.Query.Funnels.FunnelResult funnel ? FunnelCases.Rows(funnel) : RetentionCases.Rows(result.Value);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-52} {times[0],8:F0} {times[times.Count / 2],10:F0} {cpu[cpu.Count / 2],8:F0} {perQuery,9:F1} {lines,6}"));
    }

    using var self = Process.GetCurrentProcess();
    Console.WriteLine();
    Console.WriteLine($"peak working set {self.PeakWorkingSet64 / (1024 * 1024):N0} MB");
}

if (!keep)
{
    Directory.Delete(dataDir, recursive: true);
}

/// <summary>The benchmark may do anything to its own project.</summary>
internal sealed class AnyoneMayRead : IProjectAccess
{
    public Task<Error?> CanReadAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken) => Task.FromResult<Error?>(null);

    public Task<Error?> CanManageAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken) => Task.FromResult<Error?>(null);

    public Task<Result<string>> ReadTimeZoneAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken) => Task.FromResult<Result<string>>("Asia/Shanghai");
}

internal sealed record Args(int Events, int Users, int Days, int Seed, string? DataDir, int Repeat, string? Only)
{
    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Args(Int("--events", 10_000_000), Int("--users", 1_000_000), Int("--days", 30), Int("--seed", 42), values.GetValueOrDefault("--data-dir"), Int("--repeat", 5), values.GetValueOrDefault("--only"));
    }
}
