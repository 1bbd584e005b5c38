using System.Globalization;

namespace Yunying.Ingest.Bench;

/// <summary>
/// Where slow requests come from: each phase's server GC pauses, and for each slow request the GC pause time
/// inside its window and the distance to the nearest segment the engine sealed (a segment file's write time).
/// </summary>
internal static class LatencyForensics
{
    public const double SlowMs = 50;

    public static object Analyze(Phase phase, IReadOnlyList<GcPause> pauses, IReadOnlyList<DateTime> seals, Action<string> print)
    {
        var load = phase.Load;
        var from = load.StartedUtc;
        var to = from.AddSeconds(load.Seconds);
        var inPhase = pauses.Where(p => p.At >= from && p.At <= to).ToList();
        var requests = Enumerable.Range(0, load.Requests)
            .Select(i => (Start: from.AddMilliseconds(load.StartOffsetsMs[i]), Latency: load.LatenciesMs[i]))
            .ToList();
        var slow = requests.Where(r => r.Latency > SlowMs).OrderByDescending(r => r.Latency).ToList();
        var slowWithGc = slow.Count(r => GcInside(inPhase, r.Start, r.Latency) >= 5);
        var slowNearSeal = slow.Count(r => NearestSeal(seals, r.Start) is { } s && Math.Abs(s) < 5);
        var gen2 = inPhase.Where(p => p.Generation == 2).ToList();
        print(string.Create(CultureInfo.InvariantCulture,
            $"  {phase.Name}: {inPhase.Count} GCs ({inPhase.Count(p => p.Generation == 0)} gen0, {inPhase.Count(p => p.Generation == 1)} gen1, {gen2.Count} gen2), paused {inPhase.Sum(p => p.Milliseconds):F0} ms of {load.Seconds * 1000:F0}, longest {(inPhase.Count == 0 ? 0 : inPhase.Max(p => p.Milliseconds)):F1} ms; {slow.Count} of {load.Requests} requests over {SlowMs} ms, {slowWithGc} of them with ≥ 5 ms of GC pause inside, {slowNearSeal} within 5 s of a seal"));
        foreach (var (start, latency) in slow.Take(5))
        {
            var seal = NearestSeal(seals, start);
            print(string.Create(CultureInfo.InvariantCulture,
                $"    at {(start - from).TotalSeconds,6:F2} s: {latency,6:F1} ms, GC pause inside {GcInside(inPhase, start, latency),5:F1} ms, nearest seal {(seal is { } s ? $"{s:+0.0;-0.0} s" : "none")}"));
        }

        return new
        {
            gcCount = inPhase.Count,
            gcByGeneration = inPhase.GroupBy(p => p.Generation).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count()),
            gcPauseTotalMs = Math.Round(inPhase.Sum(p => p.Milliseconds), 1),
            gcPauseMaxMs = inPhase.Count == 0 ? 0 : Math.Round(inPhase.Max(p => p.Milliseconds), 1),
            gcPausesOver10Ms = inPhase.Count(p => p.Milliseconds > 10),
            slowRequests = slow.Count,
            slowWithGcPauseOver5Ms = slowWithGc,
            slowWithin5sOfSeal = slowNearSeal,
            slowest = slow.Take(10).Select(r => new
            {
                atSeconds = Math.Round((r.Start - from).TotalSeconds, 3),
                latencyMs = Math.Round(r.Latency, 1),
                gcPauseInsideMs = Math.Round(GcInside(inPhase, r.Start, r.Latency), 1),
                nearestSealSeconds = NearestSeal(seals, r.Start) is { } s ? Math.Round(s, 2) : (double?)null,
            }),
        };
    }

    /// <summary>Milliseconds of GC pause overlapping [start, start + latency].</summary>
    private static double GcInside(IReadOnlyList<GcPause> pauses, DateTime start, double latencyMs)
    {
        var end = start.AddMilliseconds(latencyMs);
        return pauses
            .Where(p => p.At < end && p.End > start)
            .Sum(p => ((p.End < end ? p.End : end) - (p.At > start ? p.At : start)).TotalMilliseconds);
    }

    /// <summary>Seconds from the request to the nearest seal's file write (positive: the seal finished after it).</summary>
    private static double? NearestSeal(IReadOnlyList<DateTime> seals, DateTime at) =>
        seals.Count == 0 ? null : seals.Select(s => (s - at).TotalSeconds).MinBy(Math.Abs);
}
