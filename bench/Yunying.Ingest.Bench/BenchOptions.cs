using System.Globalization;

namespace Yunying.Ingest.Bench;

/// <summary>The benchmark's command line.</summary>
internal sealed record BenchOptions
{
    public long Events { get; init; } = 10_000_000;

    /// <summary>Demo users; default one per ten events, the demo generator's own ratio.</summary>
    public int? Users { get; init; }

    public int Days { get; init; } = 60;

    public int Seed { get; init; } = 42;

    public IReadOnlyList<int> BatchSizes { get; init; } = [100, 1000];

    public int Connections { get; init; } = 8;

    /// <summary>Events each throughput phase sends, as a share of <see cref="Events"/>.</summary>
    public double ThroughputShare { get; init; } = 0.15;

    /// <summary>How long each paced latency phase runs (it also stops at its share of the events).</summary>
    public double LatencySeconds { get; init; } = 15;

    public double LatencyShare { get; init; } = 0.08;

    /// <summary>Events appended in-process (no HTTP) before the server starts; 0 skips it.</summary>
    public long InProcessEvents { get; init; } = 2_000_000;

    /// <summary>Events prepared at a time in the bulk phase (bounds the client's memory).</summary>
    public int RoundEvents { get; init; } = 1_000_000;

    public bool SkipClickHouse { get; init; }

    public string ClickHouseBinary { get; init; } = "clickhouse-server";

    public string? Cli { get; init; }

    public string? Out { get; init; }

    public bool KeepData { get; init; }

    /// <summary>Log the server's GC pauses through a startup hook (on unless <c>--no-gc-log</c>).</summary>
    public bool GcLog { get; init; } = true;

    /// <summary>Environment variables for the server process (<c>--server-env NAME=VALUE</c>, repeatable), e.g. GC settings.</summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Events sent at each batch size before anything is timed, as a share of <see cref="Events"/> (at most <see cref="WarmUpMaxEvents"/>).</summary>
    public double WarmUpShare { get; init; } = 0.05;

    public long WarmUpMaxEvents { get; init; } = 300_000;

    public int UsersOrDefault => Users ?? (int)Math.Max(1, Events / 10);

    public const string Usage = """
        Yunying.Ingest.Bench: HTTP ingest (PostHog /batch/) against the real server process, and on-disk size beside ClickHouse.

          --events N            demo events to ingest in total (default 10,000,000)
          --users N             demo users (default events / 10)
          --days N              days the demo data covers (default 60)
          --seed N              demo seed (default 42)
          --batch-sizes A,B     events per /batch/ request (default 100,1000)
          --connections N       concurrent HTTP connections for the throughput phases (default 8)
          --latency-seconds S   length of each paced latency phase (default 15)
          --inprocess-events N  events appended in-process before the server starts (default 2,000,000; 0 skips)
          --skip-clickhouse     do not start ClickHouse for the size comparison
          --clickhouse PATH     clickhouse-server binary (default: clickhouse-server on PATH or /usr/sbin)
          --cli PATH            the yunying.dll to start (default: this build's src/Yunying.Cli output)
          --out FILE            JSON results (default artifacts/bench/ingest.json)
          --keep-data           keep the temporary data directories
          --no-gc-log           do not load the GC-pause listener into the server (DOTNET_STARTUP_HOOKS)
          --server-env NAME=VAL environment variable for the server process (repeatable), e.g. DOTNET_gcServer=1
        """;

    /// <summary>Parses the arguments; null with <paramref name="error"/> set when they are wrong.</summary>
    public static BenchOptions? Parse(string[] args, out string? error)
    {
        error = null;
        var options = new BenchOptions();
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                var name = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{name} needs a value");
                options = name switch
                {
                    "--events" => options with { Events = Long(Value()) },
                    "--users" => options with { Users = (int)Long(Value()) },
                    "--days" => options with { Days = (int)Long(Value()) },
                    "--seed" => options with { Seed = (int)Long(Value()) },
                    "--batch-sizes" => options with { BatchSizes = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => (int)Long(s))] },
                    "--connections" => options with { Connections = (int)Long(Value()) },
                    "--latency-seconds" => options with { LatencySeconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--inprocess-events" => options with { InProcessEvents = Long(Value()) },
                    "--skip-clickhouse" => options with { SkipClickHouse = true },
                    "--clickhouse" => options with { ClickHouseBinary = Value() },
                    "--cli" => options with { Cli = Value() },
                    "--out" => options with { Out = Value() },
                    "--keep-data" => options with { KeepData = true },
                    "--no-gc-log" => options with { GcLog = false },
                    "--server-env" => options with { ServerEnvironment = WithVariable(options.ServerEnvironment, Value()) },
                    _ => throw new FormatException($"unknown option {name}"),
                };
            }
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }

        error = options.Events <= 0 ? "--events must be positive"
            : options.BatchSizes.Count == 0 || options.BatchSizes.Any(b => b <= 0) ? "--batch-sizes must be positive numbers"
            : options.Connections <= 0 ? "--connections must be positive"
            : options.LatencySeconds <= 0 ? "--latency-seconds must be positive"
            : null;
        return error is null ? options : null;
    }

    private static Dictionary<string, string> WithVariable(IReadOnlyDictionary<string, string> variables, string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        return equals <= 0
            ? throw new FormatException($"--server-env needs NAME=VALUE, not '{assignment}'")
            : new Dictionary<string, string>(variables) { [assignment[..equals]] = assignment[(equals + 1)..] };
    }

    private static long Long(string text) =>
        long.TryParse(text.Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{text}' is not a whole number");
}
