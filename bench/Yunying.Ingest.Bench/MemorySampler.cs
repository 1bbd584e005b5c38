using System.Diagnostics;

namespace Yunying.Ingest.Bench;

/// <summary>
/// Samples a process's resident memory every <c>interval</c> and remembers the largest sample per phase, plus
/// the kernel's own high-water mark (<c>VmHWM</c>), which catches peaks between samples.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _peakByPhase = [];
    private readonly List<(double Seconds, long Rss, string Phase)> _samples = [];
    private string _phase = "start";

    public MemorySampler(int pid, TimeSpan interval)
    {
        _pid = pid;
        _interval = interval;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The last <c>VmHWM</c> read while the process was alive.</summary>
    public long HighWaterMark { get; private set; }

    /// <summary>The largest anonymous resident memory sampled (<c>RssAnon</c>: the managed heap and other private memory).</summary>
    public long PeakAnonymous { get; private set; }

    /// <summary>The largest file-backed resident memory sampled (<c>RssFile</c>: mapped segments and the runtime's own files).</summary>
    public long PeakFileBacked { get; private set; }

    public string Phase
    {
        get
        {
            lock (_gate)
            {
                return _phase;
            }
        }

        set
        {
            Sample();
            lock (_gate)
            {
                _phase = value;
            }
        }
    }

    public IReadOnlyDictionary<string, long> PeakByPhase
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, long>(_peakByPhase);
            }
        }
    }

    /// <summary>Samples thinned to about one a second, for the JSON output.</summary>
    public IReadOnlyList<(double Seconds, long Rss, string Phase)> Samples(double everySeconds = 1)
    {
        lock (_gate)
        {
            var thinned = new List<(double, long, string)>();
            var next = 0.0;
            foreach (var sample in _samples)
            {
                if (sample.Seconds >= next)
                {
                    thinned.Add(sample);
                    next = sample.Seconds + everySeconds;
                }
            }

            return thinned;
        }
    }

    public void Sample()
    {
        if (ProcStatus.Memory(_pid) is not var (rss, peak))
        {
            return;
        }

        var split = ProcStatus.Resident(_pid);
        lock (_gate)
        {
            HighWaterMark = Math.Max(HighWaterMark, peak);
            if (split is var (anonymous, file))
            {
                PeakAnonymous = Math.Max(PeakAnonymous, anonymous);
                PeakFileBacked = Math.Max(PeakFileBacked, file);
            }

            _peakByPhase[_phase] = Math.Max(_peakByPhase.GetValueOrDefault(_phase), rss);
            _samples.Add((_clock.Elapsed.TotalSeconds, rss, _phase));
        }
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            do
            {
                Sample();
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
