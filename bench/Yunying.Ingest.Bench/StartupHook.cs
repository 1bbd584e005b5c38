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

    /// <summary>Writes one line per GC: <c>unix-ms-of-suspend	pause-ms	generation</c>.</summary>
    private sealed class GcPauseListener : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private readonly StreamWriter _log;
        private readonly Lock _gate = new();
        private DateTime _suspended;
        private int _generation = -1;

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
