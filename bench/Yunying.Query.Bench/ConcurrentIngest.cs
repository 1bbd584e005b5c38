using System.Diagnostics;
using Yunying.Analytics.Demo;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Funnels;
using Yunying.Analytics.Query.Retention;

namespace Yunying.Query.Bench;

/// <summary>
/// Queries while ingestion runs: another task appends a second generated data set (a tenth of the size, another
/// seed, the same days; its users' signed-in ids are the first users' own) to the same project at a steady rate
/// (<c>--ingest-rate</c>), and meanwhile the compared questions run round after round, each round on a fresh
/// snapshot and its person map, until a round after the last append.
/// </summary>
internal static class ConcurrentIngest
{
    public static async Task<object> RunAsync(EngineData data, IReadOnlyList<ComparedCase> cases, Args options, IReadOnlyDictionary<string, double> quietMedians)
    {
        var extra = new DemoGenerator(new DemoOptions(Math.Max(1, options.Events / 10), Math.Max(1, options.Users / 10), options.Days, options.Seed + 1, EngineData.EndDate));
        data.MarkAppended();
        var appended = new Counter();
        var watch = Stopwatch.StartNew();
        var ingest = Task.Run(() => AppendAtRateAsync(data, extra, options.IngestRate, appended));
        var rounds = new List<Round>();
        var finalRound = false;
        while (true)
        {
            var ingesting = !ingest.IsCompleted;
            var (context, _, resolveMs) = await data.ContextAsync();
            var times = new Dictionary<string, double>(StringComparer.Ordinal);
            var counts = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var c in cases)
            {
                var lap = Stopwatch.StartNew();
                var result = QueryRunner.Run(c.Query, context);
                times[c.Name] = lap.Elapsed.TotalMilliseconds;
                // A count that appends can only raise: the first cell's total (events for the trend, persons entering for funnels …).
                counts[c.Name] = result.IsSuccess ? Headline(c, result.Value) : double.NaN;
            }

            rounds.Add(new Round(watch.Elapsed.TotalSeconds, ingesting, context.Snapshot.RowCount, Interlocked.Read(ref appended.Value), resolveMs, times, counts));
            Console.WriteLine($"  round {rounds.Count}: {context.Snapshot.RowCount:N0} rows (ingesting: {ingesting}), person map {resolveMs:F0} ms, questions {times.Values.Sum():F0} ms");
            if (finalRound)
            {
                break;
            }

            if (ingest.IsCompleted)
            {
                finalRound = true;
            }
        }

        var (appendedEvents, appendTime) = await ingest;
        var during = rounds.Where(r => r.Ingesting).ToList();
        var problems = new List<string>();
        for (var i = 1; i < rounds.Count; i++)
        {
            if (rounds[i].Rows < rounds[i - 1].Rows)
            {
                problems.Add($"round {i + 1}: rows fell from {rounds[i - 1].Rows} to {rounds[i].Rows}");
            }

            foreach (var c in cases)
            {
                if (!(rounds[i].Counts[c.Name] >= rounds[i - 1].Counts[c.Name]))
                {
                    problems.Add($"round {i + 1}: {c.Name} fell from {rounds[i - 1].Counts[c.Name]} to {rounds[i].Counts[c.Name]}");
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"concurrent ingest: {appendedEvents:N0} events appended in {appendTime.TotalSeconds:F1} s ({appendedEvents / appendTime.TotalSeconds:N0}/s, target {options.IngestRate:N0}/s) while {during.Count} query rounds ran; {(problems.Count == 0 ? "every count non-decreasing from round to round" : problems.Count + " counts fell")}");
        foreach (var problem in problems)
        {
            Console.WriteLine("  " + problem);
        }

        Console.WriteLine();
        Console.WriteLine("| query | quiet median ms | during ingest median ms | max ms | first → last headline count |");
        Console.WriteLine("| --- | ---: | ---: | ---: | --- |");
        var table = new List<object>();
        foreach (var c in cases)
        {
            var ms = during.Select(r => r.Times[c.Name]).Order().ToList();
            var median = ms.Count == 0 ? double.NaN : ms[ms.Count / 2];
            var max = ms.Count == 0 ? double.NaN : ms[^1];
            Console.WriteLine($"| {c.Name} | {quietMedians.GetValueOrDefault(c.Name, double.NaN):F0} | {median:F0} | {max:F0} | {rounds[0].Counts[c.Name]:N0} → {rounds[^1].Counts[c.Name]:N0} |");
            table.Add(new { query = c.Name, quietMedianMs = Ms(quietMedians.GetValueOrDefault(c.Name, double.NaN)), duringMedianMs = Ms(median), duringMaxMs = Ms(max), counts = rounds.Select(r => r.Counts[c.Name]) });
        }

        return new
        {
            appended = appendedEvents,
            appendSeconds = Math.Round(appendTime.TotalSeconds, 2),
            targetRate = options.IngestRate,
            roundsDuringIngest = during.Count,
            nonDecreasing = problems.Count == 0,
            problems,
            rounds = rounds.Select(r => new { r.Seconds, r.Ingesting, r.Rows, r.Appended, resolveMs = Ms(r.ResolveMs), times = r.Times.ToDictionary(t => t.Key, t => Ms(t.Value)) }),
            queries = table,
        };
    }

    /// <summary>
    /// A count appends can only raise: persons entering a funnel, the retention cohorts' sizes, MAU's total, and
    /// otherwise the positive cells' sum (events, persons per active-day count, lifecycle's active persons).
    /// </summary>
    private static double Headline(ComparedCase c, AnalyticsResult result)
    {
        var cells = c.Cells(result).ToList();
        return c.Query switch
        {
            FunnelQuery => cells[0].Value,
            RetentionQuery => cells.Where(cell => cell.Key.EndsWith(" +0", StringComparison.Ordinal)).Sum(cell => cell.Value),
            _ when c.Name == TrendCases.MonthlyActive => cells.Single(cell => cell.Key == "total").Value,
            _ => cells.Where(cell => cell.Value > 0).Sum(cell => cell.Value),
        };
    }

    private static double? Ms(double value) => double.IsNaN(value) ? null : Math.Round(value, 1);

    /// <summary>Appends the generator's chunks (about 40,000 events each, one append per chunk) at about <paramref name="rate"/> events per second.</summary>
    private static async Task<(long Events, TimeSpan Elapsed)> AppendAtRateAsync(EngineData data, DemoGenerator generator, int rate, Counter appended)
    {
        var watch = Stopwatch.StartNew();
        long written = 0;
        for (var chunk = 0; chunk < generator.ChunkCount; chunk++)
        {
            var result = await data.Store.AppendAsync(data.ProjectId, generator.GenerateChunk(chunk));
            written += result.Appended;
            appended.Report(written);
            var due = TimeSpan.FromSeconds(written / (double)rate);
            if (due > watch.Elapsed)
            {
                await Task.Delay(due - watch.Elapsed);
            }
        }

        return (written, watch.Elapsed);
    }

    private sealed record Round(double Seconds, bool Ingesting, long Rows, long Appended, double ResolveMs, Dictionary<string, double> Times, Dictionary<string, double> Counts);

    private sealed class Counter : IProgress<long>
    {
        public long Value;

        public void Report(long value) => Interlocked.Exchange(ref Value, value);
    }
}
