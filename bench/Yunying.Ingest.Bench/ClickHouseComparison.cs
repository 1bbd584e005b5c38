using System.Diagnostics;
using Yunying.Analytics.Demo;
using Yunying.Events;

namespace Yunying.Ingest.Bench;

/// <summary>
/// Stores the same demo rows in ClickHouse 18.16 MergeTree tables and reads their on-disk size.
/// </summary>
/// <remarks>
/// 18.16 has no DateTime64, so the time is a UInt64 of microseconds (lossless, like the engine's). The sort key
/// <c>(event, day, distinct_id, timestamp_us)</c> is what analytics queries want from ClickHouse (and close to
/// PostHog's own events table): a trend or a funnel's first step reads one event over a date range, and within it
/// each person's rows are contiguous and in time order, which also makes distinct ids and times compress well.
/// Partitions are months, as a product would keep them to drop old data. A third table uses the engine's own
/// order, <c>(distinct_id, timestamp_us)</c>, to show how much of the difference is the sort order.
/// </remarks>
internal static class ClickHouseComparison
{
    private const string Seconds = "toDateTime(intDiv(timestamp_us, 1000000))";
    private static readonly string PartitionBy = $"toYYYYMM({Seconds})";
    private static readonly string AnalyticsOrder = $"(event, toDate({Seconds}), distinct_id, timestamp_us)";
    private const string PersonOrder = "(distinct_id, timestamp_us)";

    public static async Task<(string Version, List<ClickHouseTable> Tables)> RunAsync(
        string binary, string directory, DemoGenerator generator, Action<string> progress, CancellationToken cancellationToken)
    {
        await using var server = await ClickHouseServer.StartAsync(binary, directory, cancellationToken);
        var version = (await server.QueryAsync("SELECT version()", cancellationToken)).Trim();
        progress($"ClickHouse {version} on loopback, data in {directory}");
        var tables = new List<ClickHouseTable>();

        var json = await CreateAndInsertAsync(server, "events_json", ClickHouseRows.JsonColumns, AnalyticsOrder, generator, ClickHouseRows.JsonLines, cancellationToken);
        tables.Add(await MeasureAsync(server, "events_json", "all properties as JSON text (String)", AnalyticsOrder, json, cancellationToken));
        progress($"  events_json: inserted in {json:F1} s");

        var typed = await CreateAndInsertAsync(server, "events_typed", ClickHouseRows.TypedColumns, AnalyticsOrder, generator, ClickHouseRows.TypedLines, cancellationToken);
        tables.Add(await MeasureAsync(server, "events_typed", "common demo properties as LowCardinality/typed columns, the rest as JSON text", AnalyticsOrder, typed, cancellationToken));
        progress($"  events_typed: inserted in {typed:F1} s");

        await server.QueryAsync($"CREATE TABLE events_typed_by_person ({ClickHouseRows.TypedColumns}) ENGINE = MergeTree PARTITION BY {PartitionBy} ORDER BY {PersonOrder}", cancellationToken);
        var clock = Stopwatch.StartNew();
        await server.QueryAsync("INSERT INTO events_typed_by_person SELECT * FROM events_typed", cancellationToken);
        tables.Add(await MeasureAsync(server, "events_typed_by_person", "typed columns, sorted like the engine's segments", PersonOrder, clock.Elapsed.TotalSeconds, cancellationToken));
        return (version, tables);
    }

    private static async Task<double> CreateAndInsertAsync(
        ClickHouseServer server, string table, string columns, string orderBy, DemoGenerator generator,
        Func<IReadOnlyList<EventRecord>, byte[]> lines, CancellationToken cancellationToken)
    {
        await server.QueryAsync($"CREATE TABLE {table} ({columns}) ENGINE = MergeTree PARTITION BY {PartitionBy} ORDER BY {orderBy}", cancellationToken);
        var clock = Stopwatch.StartNew();
        await ClickHouseInsert.InsertAsync(server, $"INSERT INTO {table} FORMAT JSONEachRow", generator, lines, null, cancellationToken);
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<ClickHouseTable> MeasureAsync(ClickHouseServer server, string table, string description, string orderBy, double insertSeconds, CancellationToken cancellationToken)
    {
        var where = $"database = 'default' AND table = {ClickHouseServer.Quote(table)}";
        await server.OptimizeFinalAsync(table, cancellationToken);

        var sums = (await server.QueryAsync(
            $"SELECT sum(rows), count(), sum(bytes_on_disk), sum(data_compressed_bytes), sum(data_uncompressed_bytes) FROM system.parts WHERE active AND {where}",
            cancellationToken)).Trim().Split('\t');
        var columns = (await server.QueryAsync(
            $"SELECT name, type, data_compressed_bytes, data_uncompressed_bytes FROM system.columns WHERE {where}",
            cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Select(f => new ClickHouseColumn(f[0], f[1], ClickHouseServer.Number(f[2]), ClickHouseServer.Number(f[3])))
            .ToList();
        return new ClickHouseTable(
            table, description, orderBy,
            ClickHouseServer.Number(sums[0]), (int)ClickHouseServer.Number(sums[1]), ClickHouseServer.Number(sums[2]),
            ClickHouseServer.Number(sums[3]), ClickHouseServer.Number(sums[4]), insertSeconds, columns);
    }
}
