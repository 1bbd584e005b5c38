using System.Diagnostics;

namespace Yunying.Cli.Commands;

/// <summary>
/// A one-line progress bar on stderr, drawn only when stderr is a terminal (never into a pipe or a log) and
/// at most ten times a second.
/// </summary>
public sealed class TerminalProgress(string label, long total, string unit) : IProgress<long>, IDisposable
{
    private readonly bool _enabled = !Console.IsErrorRedirected;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private long _lastDrawn = -1;
    private bool _drawn;

    public void Report(long value)
    {
        if (!_enabled)
        {
            return;
        }

        var now = _watch.ElapsedMilliseconds;
        if (_lastDrawn >= 0 && now - _lastDrawn < 100 && value < total)
        {
            return;
        }

        _lastDrawn = now;
        _drawn = true;
        const int width = 30;
        var fraction = total > 0 ? Math.Clamp((double)value / total, 0, 1) : 0;
        var filled = (int)(fraction * width);
        var bar = total > 0 ? $"[{new string('#', filled)}{new string('.', width - filled)}] {fraction,4:P0} " : string.Empty;
        Console.Error.Write($"\r{label} {bar}{value:N0} {unit}   ");
    }

    public void Dispose()
    {
        if (_drawn)
        {
            Console.Error.WriteLine();
        }
    }
}
