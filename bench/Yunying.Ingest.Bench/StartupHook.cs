using System.Diagnostics.Tracing;
using System.Globalization;

/// <summary>
/// Loaded into the <em>server</em> process by <c>DOTNET_STARTUP_HOOKS</c> when the benchmark runs with
/// <c>--gc-log</c>: records every garbage collection's pause (suspend to resume) and generation in the file
/// named by <c>YUNYING_BENCH_GC_LOG</c>, so slow requests can be matched with GC pauses. The runtime requires
/// this exact name in the global namespace and a static <c>Initialize</c>. Nothing in the server changes.
/// </summary>
#pragma warning disable CA1050 // The startup-hook contract requires the global namespace.
internal static class StartupHook
#pragma warning restore CA1050
{
    public const string LogVariable = "YUNYING_BENCH_GC_LOG";

    private static GcPauseListener? s_listener;

    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(LogVariable) is { Length: > 0 } path)
        {
            s_listener = new GcPauseListener(path);
        }
    }

    /// <summary>
    /// Writes one line per pause, <c>unix-ms-of-suspend	pause-ms	generation</c>, and one per finished GC,
    /// <c>heap	unix-ms	generation	heap-bytes-after	promoted-bytes</c> (after a gen2 GC, promoted is the live heap).
    /// </summary>
    private sealed class GcPauseListener : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private readonly StreamWriter _log;
        private readonly Lock _gate = new();
        private DateTime _suspended;
        private int _generation = -1;
        private int _heapGeneration = -1;

        public GcPauseListener(string path)
        {
            _log = new StreamWriter(path, append: false) { AutoFlush = true };
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            var name = eventData.EventName ?? string.Empty;
            lock (_gate)
            {
                if (name.StartsWith("GCSuspendEEBegin", StringComparison.Ordinal))
                {
                    _suspended = eventData.TimeStamp.ToUniversalTime();
                    _generation = -1;
                }
                else if (name.StartsWith("GCStart", StringComparison.Ordinal) && eventData.PayloadNames?.IndexOf("Depth") is >= 0 and var depth)
                {
                    _generation = Convert.ToInt32(eventData.Payload![depth], CultureInfo.InvariantCulture);
                    _heapGeneration = _generation;
                }
                else if (name.StartsWith("GCHeapStats", StringComparison.Ordinal) && eventData.PayloadNames is { } names)
                {
                    long heap = 0, promoted = 0;
                    for (var i = 0; i < names.Count; i++)
                    {
                        if (names[i].StartsWith("GenerationSize", StringComparison.Ordinal))
                        {
                            heap += Convert.ToInt64(eventData.Payload![i], CultureInfo.InvariantCulture);
                        }
                        else if (names[i].StartsWith("TotalPromotedSize", StringComparison.Ordinal))
                        {
                            promoted += Convert.ToInt64(eventData.Payload![i], CultureInfo.InvariantCulture);
                        }
                    }

                    _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"heap\t{new DateTimeOffset(eventData.TimeStamp.ToUniversalTime()).ToUnixTimeMilliseconds()}\t{_heapGeneration}\t{heap}\t{promoted}"));
                }
                else if (name.StartsWith("GCRestartEEEnd", StringComparison.Ordinal) && _suspended != default)
                {
                    var pause = (eventData.TimeStamp.ToUniversalTime() - _suspended).TotalMilliseconds;
                    _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{new DateTimeOffset(_suspended).ToUnixTimeMilliseconds()}\t{pause:F3}\t{_generation}"));
                    _suspended = default;
                }
            }
        }
    }
}
