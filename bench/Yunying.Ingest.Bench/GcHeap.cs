using System.Globalization;

namespace Yunying.Ingest.Bench;

/// <summary>The server's managed heap after one GC, as the startup hook logged it.</summary>
internal sealed record GcHeap(DateTime At, int Generation, long HeapBytes, long PromotedBytes)
{
    public static List<GcHeap> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var heaps = new List<GcHeap>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split('\t');
            if (f.Length == 5 && f[0] == "heap"
                && long.TryParse(f[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                && int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var generation)
                && long.TryParse(f[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var heap)
                && long.TryParse(f[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var promoted))
            {
                heaps.Add(new GcHeap(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime, generation, heap, promoted));
            }
        }

        return heaps;
    }
}
