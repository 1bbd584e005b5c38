using System.Diagnostics;
using System.Globalization;
using Yunying.Analytics.Demo;
using Yunying.Analytics.People;

namespace Yunying.Query.Bench;

/// <summary>ClickHouse's side of the comparison: the demo rows with the engine's persons, and the questions' times and answers.</summary>
internal static class ClickHouseQueries
{
    /// <summary>
    /// The columns the questions read. <c>person_id</c> is the engine's person ordinal for the event's distinct id
    /// (after identity merges); <c>t</c> is the second, as a DateTime in the project's time zone, for days and weeks.
    /// </summary>
    public const string Columns = """
        event LowCardinality(String), person_id UInt32, timestamp_us UInt64,
        t DateTime('Asia/Shanghai') MATERIALIZED toDateTime(intDiv(timestamp_us, 1000000)),
        utm_source LowCardinality(String), platform LowCardinality(String), city LowCardinality(String), amount Float64
        """;

    /// <summary>One event name over a date range together, each person's rows in time order within it (see bench/README.md).</summary>
    public const string OrderBy = "(event, toDate(t), person_id, timestamp_us)";

    /// <summary>Creates <c>events</c>, inserts the generator's rows with their persons, merges each partition into one part.</summary>
    public static async Task<(long Rows, double InsertSeconds, double OptimizeSeconds)> LoadAsync(
        ClickHouseServer server, DemoGenerator generator, PersonMap persons, CancellationToken cancellationToken)
    {
        await server.QueryAsync($"CREATE TABLE events ({Columns}) ENGINE = MergeTree PARTITION BY toYYYYMM(t) ORDER BY {OrderBy}", cancellationToken);
        var distinctIds = persons.Snapshot.DistinctIds;
        var clock = Stopwatch.StartNew();
        await ClickHouseInsert.InsertAsync(
            server,
            "INSERT INTO events FORMAT JSONEachRow",
            generator,
            events => ClickHouseRows.TypedLines(events, (writer, e) =>
            {
                // Every generated distinct id is in the snapshot the map was made from (the store holds these very events).
                if (!distinctIds.TryGetId(e.DistinctId, out var ordinal))
                {
                    throw new InvalidOperationException($"distinct id {e.DistinctId} is not in the engine's snapshot");
                }

                writer.WriteNumber("person_id", persons.DistinctToPerson[ordinal]);
            }),
            "input_format_skip_unknown_fields=1",
            cancellationToken);
        var insert = clock.Elapsed.TotalSeconds;
        clock.Restart();
        await server.OptimizeFinalAsync("events", cancellationToken);
        var rows = ClickHouseServer.Number(await server.QueryAsync("SELECT count() FROM events", cancellationToken));
        return (rows, insert, clock.Elapsed.TotalSeconds);
    }

    /// <summary>One untimed run (its answer is compared), then <paramref name="repeat"/> timed ones, each through HTTP with its result.</summary>
    public static async Task<ClickHouseTime> MeasureAsync(ClickHouseServer server, ComparedCase c, string id, int repeat, CancellationToken cancellationToken)
    {
        var cells = Cells(await server.QueryAsync(c.Sql, Settings(id, 0), cancellationToken));
        var times = new List<double>();
        for (var i = 1; i <= repeat; i++)
        {
            var lap = Stopwatch.StartNew();
            _ = await server.QueryAsync(c.Sql, Settings(id, i), cancellationToken);
            times.Add(lap.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return new ClickHouseTime(times.Count == 0 ? double.NaN : times[0], times.Count == 0 ? double.NaN : times[times.Count / 2], cells);
    }

    /// <summary>Each case's largest <c>memory_usage</c> and its median server-side duration over its runs, from <c>system.query_log</c>.</summary>
    public static async Task<Dictionary<string, (long MemoryBytes, double ServerMs)>> QueryLogAsync(ClickHouseServer server, CancellationToken cancellationToken)
    {
        await server.QueryAsync("SYSTEM FLUSH LOGS", cancellationToken);
        var text = await server.QueryAsync(
            "SELECT extract(query_id, '^(bench-[0-9]+)-') AS id, max(memory_usage), quantileExact(0.5)(query_duration_ms) FROM system.query_log WHERE type = 2 AND query_id LIKE 'bench-%' GROUP BY id",
            cancellationToken);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .ToDictionary(f => f[0], f => (ClickHouseServer.Number(f[1]), double.Parse(f[2], CultureInfo.InvariantCulture)));
    }

    private static string Settings(string id, int run) => $"log_queries=1&query_id={id}-{run}";

    private static Dictionary<string, double> Cells(string tsv)
    {
        var cells = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in tsv.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.LastIndexOf('\t');
            var key = line[..tab];
            cells[key] = cells.GetValueOrDefault(key) + double.Parse(line[(tab + 1)..], CultureInfo.InvariantCulture);
        }

        return cells;
    }
}

/// <summary>A question's times in ClickHouse (client side, HTTP, result included) and its answer as cells.</summary>
internal sealed record ClickHouseTime(double MinMs, double MedianMs, IReadOnlyDictionary<string, double> Cells);
