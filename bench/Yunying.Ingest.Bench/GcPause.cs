using System.Globalization;

namespace Yunying.Ingest.Bench;

/// <summary>One garbage collection pause of the server, as the startup hook logged it.</summary>
internal sealed record GcPause(DateTime At, double Milliseconds, int Generation)
{
    public DateTime End => At.AddMilliseconds(Milliseconds);

    public static List<GcPause> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var pauses = new List<GcPause>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split('\t');
            if (f.Length == 3
                && long.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                && double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var pause)
                && int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var generation))
            {
                pauses.Add(new GcPause(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime, pause, generation));
            }
        }

        return pauses;
    }
}
