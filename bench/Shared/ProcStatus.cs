using System.Globalization;

namespace Yunying.Bench.Shared;

/// <summary>Reads a Linux process's memory and CPU time from <c>/proc</c>.</summary>
internal static class ProcStatus
{
    // Clock ticks per second of /proc/<pid>/stat; 100 on every Linux build this runs on (sysconf(_SC_CLK_TCK)).
    private const double TicksPerSecond = 100;

    /// <summary>Resident set size now and its peak (<c>VmRSS</c>, <c>VmHWM</c>) in bytes; null once the process is gone.</summary>
    public static (long Rss, long Peak)? Memory(int pid)
    {
        try
        {
            long rss = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line);
                }
            }

            return rss == 0 && peak == 0 ? null : (rss, peak);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// The resident set split by what backs it (<c>RssAnon</c>: heap, stacks and other private memory;
    /// <c>RssFile</c>: pages of mapped files, such as sealed segments) in bytes; null once the process is gone.
    /// </summary>
    public static (long Anonymous, long FileBacked)? Resident(int pid)
    {
        try
        {
            long anonymous = -1, file = -1;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                {
                    anonymous = Kilobytes(line);
                }
                else if (line.StartsWith("RssFile:", StringComparison.Ordinal))
                {
                    file = Kilobytes(line);
                }
            }

            return anonymous < 0 || file < 0 ? null : (anonymous, file);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Resets the process's peak RSS (<c>VmHWM</c>) to its current RSS (writes 5 to <c>/proc/&lt;pid&gt;/clear_refs</c>),
    /// so the next <see cref="Memory"/> gives the peak from now on; false when the kernel refuses.
    /// </summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>User plus system CPU time the process has used, in seconds; null once it is gone.</summary>
    public static double? CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces) start at the last ')'; utime and stime are fields 14 and 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return null;
        }
    }

    // "VmHWM:\t  688000 kB": a tab, then spaces that pad the number to 8 digits (none left from 10 GB up).
    private static long Kilobytes(string line) =>
        long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
