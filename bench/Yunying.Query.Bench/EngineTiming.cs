using System.Diagnostics;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Funnels;
using Yunying.Analytics.Query.Paths;

namespace Yunying.Query.Bench;

/// <summary>One query's times in the engine: one untimed run, then <c>repeat</c> timed ones.</summary>
internal sealed record EngineTime(double MinMs, double MedianMs, double CpuMs, double AllocatedMb, AnalyticsResult Result)
{
    /// <summary>The process's peak RSS while this query ran (set by <see cref="MeasureAll"/>), in MiB.</summary>
    public double? PeakRssMb { get; init; }

    /// <summary>The query's times, or the engine's error message.</summary>
    public static (EngineTime? Time, string? Error) Measure(AnalyticsQuery query, QueryContext context, int repeat)
    {
        var result = QueryRunner.Run(query, context);
        if (!result.IsSuccess)
        {
            return (null, result.Error.Message);
        }

        var times = new List<double>();
        var cpu = new List<double>();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < repeat; i++)
        {
            // CPU time of the whole process (all its threads) as well: on a loaded machine it is steadier than wall time.
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var lap = Stopwatch.StartNew();
            result = QueryRunner.Run(query, context);
            times.Add(lap.Elapsed.TotalMilliseconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }

        var perQuery = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)Math.Max(1, repeat) / (1024 * 1024);
        times.Sort();
        cpu.Sort();
        return times.Count == 0
            ? (new EngineTime(double.NaN, double.NaN, double.NaN, 0, result.Value), null)
            : (new EngineTime(times[0], times[times.Count / 2], cpu[cpu.Count / 2], perQuery, result.Value), null);
    }

    /// <summary>
    /// Measures every compared question, each after a full GC with the process's peak RSS reset, so that
    /// <see cref="PeakRssMb"/> is that question's own (its runs' garbage included); an error is printed with
    /// <paramref name="indent"/> and the question left out.
    /// </summary>
    public static Dictionary<string, EngineTime> MeasureAll(IReadOnlyList<ComparedCase> cases, QueryContext context, int repeat, string indent, Action<ComparedCase, EngineTime> measured)
    {
        var times = new Dictionary<string, EngineTime>(StringComparer.Ordinal);
        foreach (var c in cases)
        {
            var (_, _, reset) = EngineMemory.Settle();
            var (time, error) = Measure(c.Query, context, repeat);
            if (time is not null && reset)
            {
                time = time with { PeakRssMb = EngineMemory.PeakMb() };
            }

            if (time is null)
            {
                Console.WriteLine($"{indent}error: the engine refused {c.Name}: {error}");
                continue;
            }

            times[c.Name] = time;
            measured(c, time);
        }

        return times;
    }

    /// <summary>Lines, cohorts, groups or links in an answer: a rough size for the output table.</summary>
    public static int Rows(AnalyticsResult result) => result switch
    {
        PathsResult paths => PathCases.Rows(paths),
        FunnelResult funnel => FunnelCases.Rows(funnel),
        _ => RetentionCases.Rows(result),
    };
}
