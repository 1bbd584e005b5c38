using System.Globalization;

namespace Yunying.Ingest.Bench;

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

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
