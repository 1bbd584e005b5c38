namespace Yunying.Events.Partition;

/// <summary>Process-wide write-path counters (cheap, for benchmarks and diagnostics).</summary>
internal static class WriterStatistics
{
    private static long s_groups;
    private static long s_records;
    private static long s_writeTicks;
    private static long s_applyTicks;
    private static long s_flushWaitTicks;

    public static long Groups => Volatile.Read(ref s_groups);

    public static long Records => Volatile.Read(ref s_records);

    public static TimeSpan Write => TimeSpan.FromTicks(Volatile.Read(ref s_writeTicks));

    public static TimeSpan Apply => TimeSpan.FromTicks(Volatile.Read(ref s_applyTicks));

    public static TimeSpan FlushWait => TimeSpan.FromTicks(Volatile.Read(ref s_flushWaitTicks));

    public static void AddWork(int records, TimeSpan write, TimeSpan apply)
    {
        Interlocked.Increment(ref s_groups);
        Interlocked.Add(ref s_records, records);
        Interlocked.Add(ref s_writeTicks, write.Ticks);
        Interlocked.Add(ref s_applyTicks, apply.Ticks);
    }

    public static void AddFlushWait(TimeSpan flushWait) => Interlocked.Add(ref s_flushWaitTicks, flushWait.Ticks);
}
