using System.Runtime;

namespace Yunying.Query.Bench;

/// <summary>The engine process's own memory: what it keeps live, and the peak RSS while a phase runs.</summary>
internal static class EngineMemory
{
    /// <summary>
    /// Collects everything (compacting the large-object heap too, and giving freed memory back to the OS) and resets
    /// the process's peak RSS, so that a later <see cref="PeakMb"/> is the next phase's own peak. Returns the live
    /// managed heap and the RSS after the collection, in MiB.
    /// </summary>
    public static (double LiveHeapMb, double RssMb, bool PeakReset) Settle()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var heap = GC.GetTotalMemory(forceFullCollection: false);
        var rss = ProcStatus.Memory(Environment.ProcessId)?.Rss ?? 0;
        return (Mb(heap), Mb(rss), ProcStatus.ResetPeak(Environment.ProcessId));
    }

    /// <summary>The process's peak RSS since the last <see cref="Settle"/> (or its start), in MiB; null when unknown.</summary>
    public static double? PeakMb() => ProcStatus.Memory(Environment.ProcessId) is { } m ? Mb(m.Peak) : null;

    public static double Mb(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);
}
