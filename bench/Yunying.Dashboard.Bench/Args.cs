using System.Globalization;

namespace Yunying.Dashboard.Bench;

/// <summary>The benchmark's command line.</summary>
internal sealed record Args(
    int Events,
    int Users,
    int Days,
    int Seed,
    string? End,
    string? DataDir,
    int Repeat,
    int Fresh,
    string Chromium,
    string? Cli,
    bool SkipRetention,
    string? Out)
{
    public const string Usage = """
        dotnet bench/Yunying.Dashboard.Bench/bin/Release/net10.0/Yunying.Dashboard.Bench.dll [options]
          --quick               200,000 events of 20,000 users (a check that it works, about a minute)
          --events N            demo events (default 10000000)
          --users N             demo users (default 1000000)
          --days N              days of data (default 30)
          --seed N              generator seed (default 42)
          --end YYYY-MM-DD      last day with events (default today, UTC); kept with the data directory
          --data-dir DIR        the server's data directory, filled once and reused while it holds the same demo
                                options (default artifacts/bench/dashboard-data-EVENTS)
          --repeat N            warm loads per page (default 10)
          --fresh N             loads per page right after one new event arrived (default 3): new data, so the
                                answer, the schema and the person map are computed again, as on a live project
          --chromium PATH       Chromium executable (default YUNYING_CHROMIUM or /usr/bin/chromium)
          --cli PATH            another yunying.dll (default the one built beside this benchmark)
          --skip-retention      leave out the weekly retention page
          --out FILE            JSON results (default artifacts/bench/dashboard.json)
        """;

    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--quick" or "--skip-retention" or "--help")
            {
                flags.Add(args[i]);
            }
            else if (i + 1 < args.Length && args[i].StartsWith("--", StringComparison.Ordinal))
            {
                values[args[i]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"unknown argument '{args[i]}'\n{Usage}");
            }
        }

        if (flags.Contains("--help"))
        {
            throw new ArgumentException(Usage);
        }

        var quick = flags.Contains("--quick");
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : fallback;
        var chromium = values.GetValueOrDefault("--chromium")
            ?? (Environment.GetEnvironmentVariable("YUNYING_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium");
        return new Args(
            Int("--events", quick ? 200_000 : 10_000_000),
            Int("--users", quick ? 20_000 : 1_000_000),
            Int("--days", 30),
            Int("--seed", 42),
            values.GetValueOrDefault("--end"),
            values.GetValueOrDefault("--data-dir"),
            Int("--repeat", 10),
            Int("--fresh", 3),
            chromium,
            values.GetValueOrDefault("--cli"),
            flags.Contains("--skip-retention"),
            values.GetValueOrDefault("--out"));
    }
}
