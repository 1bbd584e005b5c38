using System.Globalization;

namespace Yunying.Query.Bench;

/// <summary>The benchmark's command line.</summary>
internal sealed record Args(
    int Events,
    int Users,
    int Days,
    int Seed,
    string? DataDir,
    int Repeat,
    string? Only,
    string ClickHouseBinary,
    bool SkipClickHouse,
    IReadOnlyList<int> Sizes,
    bool ConcurrentIngest,
    int IngestRate,
    string? Out)
{
    public const string Usage = """
        dotnet bench/Yunying.Query.Bench/bin/Release/net10.0/Yunying.Query.Bench.dll [options]
          --events N            demo events (default 10000000)
          --users N             demo users (default 1000000)
          --days N              days of data ending 2026-11-21 (default 30)
          --seed N              generator seed (default 42)
          --data-dir DIR        keep the engine's data in DIR and reuse it on the next run
          --repeat N            timed runs per query, engine and ClickHouse alike (default 5)
          --only TEXT           only the engine cases whose name contains TEXT (the ClickHouse comparison still runs)
          --clickhouse PATH     clickhouse-server binary (default: found on PATH, /usr/sbin or /usr/bin)
          --skip-clickhouse     no ClickHouse comparison
          --sizes N,N,…         also time the comparison's questions in the engine alone at these event counts
                                (users = events / 10; each a separately generated data set)
          --concurrent-ingest   run the comparison's questions again while another task appends events
          --ingest-rate N       events per second that task appends (default 50000)
          --out FILE            JSON results (default artifacts/bench/query.json)
        """;

    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--skip-clickhouse" or "--concurrent-ingest" or "--help")
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

        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : fallback;
        var sizes = values.TryGetValue("--sizes", out var list)
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).ToArray()
            : [];
        return new Args(
            Int("--events", 10_000_000),
            Int("--users", 1_000_000),
            Int("--days", 30),
            Int("--seed", 42),
            values.GetValueOrDefault("--data-dir"),
            Int("--repeat", 5),
            values.GetValueOrDefault("--only"),
            values.GetValueOrDefault("--clickhouse") ?? "clickhouse-server",
            flags.Contains("--skip-clickhouse"),
            sizes,
            flags.Contains("--concurrent-ingest"),
            Int("--ingest-rate", 50_000),
            values.GetValueOrDefault("--out"));
    }
}
