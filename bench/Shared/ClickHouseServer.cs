using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Yunying.Bench.Shared;

/// <summary>
/// A throw-away ClickHouse server (Debian's <c>clickhouse-server</c>, 18.16): its own config, data path and free
/// loopback ports in a temporary folder, talked to over its HTTP interface.
/// </summary>
internal sealed class ClickHouseServer : IAsyncDisposable
{
    private readonly RunningProcess _process;
    private readonly HttpClient _http;

    private ClickHouseServer(RunningProcess process, HttpClient http, string directory)
    {
        _process = process;
        _http = http;
        Directory = directory;
    }

    public string Directory { get; }

    public int ProcessId => _process.Id;

    /// <summary>The server binary: <paramref name="name"/> when it is a path, else found on PATH or in /usr/sbin; null when missing.</summary>
    public static string? Find(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        }

        var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/sbin").Append("/usr/bin");
        return folders.Select(f => Path.Combine(f, name)).FirstOrDefault(File.Exists);
    }

    public static async Task<ClickHouseServer> StartAsync(string binary, string directory, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(directory);
        var httpPort = LoopbackPort.Free();
        var tcpPort = LoopbackPort.Free();
        // 18.16's syntax: a <yandex> root, ports and paths at the top level, users in their own file.
        await File.WriteAllTextAsync(Path.Combine(directory, "config.xml"), $"""
            <?xml version="1.0"?>
            <yandex>
              <logger><level>warning</level><log>{directory}/server.log</log><errorlog>{directory}/server.err.log</errorlog><size>100M</size><count>1</count></logger>
              <listen_host>127.0.0.1</listen_host>
              <http_port>{httpPort}</http_port>
              <tcp_port>{tcpPort}</tcp_port>
              <path>{directory}/data/</path>
              <tmp_path>{directory}/tmp/</tmp_path>
              <user_files_path>{directory}/user_files/</user_files_path>
              <format_schema_path>{directory}/format_schemas/</format_schema_path>
              <users_config>users.xml</users_config>
              <default_profile>default</default_profile>
              <default_database>default</default_database>
              <mark_cache_size>536870912</mark_cache_size>
              <query_log><database>system</database><table>query_log</table><flush_interval_milliseconds>1000</flush_interval_milliseconds></query_log>
            </yandex>
            """, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "users.xml"), """
            <?xml version="1.0"?>
            <yandex>
              <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
              <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
              <quotas><default></default></quotas>
            </yandex>
            """, cancellationToken);

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        start.ArgumentList.Add("--config-file=" + Path.Combine(directory, "config.xml"));
        var address = new Uri($"http://127.0.0.1:{httpPort}");
        var process = new RunningProcess(Process.Start(start)!, address);
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromHours(1) };
        var server = new ClickHouseServer(process, http, directory);
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (process.HasExited)
            {
                var log = File.Exists(Path.Combine(directory, "server.err.log")) ? await File.ReadAllTextAsync(Path.Combine(directory, "server.err.log"), cancellationToken) : string.Empty;
                throw new InvalidOperationException($"clickhouse-server exited at start: {process.Output} {log}".Trim());
            }

            try
            {
                if ((await server.QueryAsync("SELECT 1", cancellationToken)).Trim() == "1")
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        await server.DisposeAsync();
        throw new TimeoutException("clickhouse-server did not answer within 30 seconds");
    }

    /// <summary>Runs one statement and returns its output (TabSeparated unless the statement says otherwise).</summary>
    public Task<string> QueryAsync(string sql, CancellationToken cancellationToken) => QueryAsync(sql, null, cancellationToken);

    /// <summary>As <see cref="QueryAsync(string, CancellationToken)"/>, with <paramref name="settings"/> (<c>name=value&amp;…</c>, URL-encoded) for this query only.</summary>
    public async Task<string> QueryAsync(string sql, string? settings, CancellationToken cancellationToken)
    {
        using var content = new StringContent(sql, Encoding.UTF8);
        using var response = await _http.PostAsync(Url(null, settings), content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode ? text : throw new InvalidOperationException($"ClickHouse refused '{sql}': {text.Trim()}");
    }

    /// <summary><c>INSERT … FORMAT …</c> with the rows streamed from <paramref name="rows"/>.</summary>
    public Task InsertAsync(string insert, HttpContent rows, CancellationToken cancellationToken) => InsertAsync(insert, rows, null, cancellationToken);

    /// <summary>As <see cref="InsertAsync(string, HttpContent, CancellationToken)"/>, with <paramref name="settings"/> for this insert only.</summary>
    public async Task InsertAsync(string insert, HttpContent rows, string? settings, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(Url(insert, settings), rows, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"ClickHouse refused '{insert}': {(await response.Content.ReadAsStringAsync(cancellationToken)).Trim()}");
        }
    }

    /// <summary>Merges every partition of <paramref name="table"/> (database <c>default</c>) into one part.</summary>
    public async Task OptimizeFinalAsync(string table, CancellationToken cancellationToken)
    {
        var where = $"database = 'default' AND table = {Quote(table)}";
        // OPTIMIZE … FINAL per partition (18.16 merges one partition per statement). It does nothing, silently,
        // while a background merge holds the parts, so repeat until every partition is one part.
        for (var attempt = 0; attempt < 120; attempt++)
        {
            var partitions = (await QueryAsync($"SELECT partition FROM system.parts WHERE active AND {where} GROUP BY partition HAVING count() > 1", cancellationToken))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (partitions.Length == 0)
            {
                break;
            }

            foreach (var partition in partitions)
            {
                await QueryAsync($"OPTIMIZE TABLE {table} PARTITION {partition} FINAL", cancellationToken);
            }

            await Task.Delay(TimeSpan.FromSeconds(attempt == 0 ? 0 : 1), cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StopAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            _process.Dispose();
            _http.Dispose();
        }
    }

    // LowCardinality is still experimental in 18.16 and must be allowed per query.
    private static Uri Url(string? query, string? settings = null) => new(
        "/?allow_experimental_low_cardinality_type=1" + (settings is null ? string.Empty : "&" + settings) + (query is null ? string.Empty : "&query=" + Uri.EscapeDataString(query)),
        UriKind.Relative);

    public static string Quote(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    public static long Number(string text) => long.Parse(text.Trim(), CultureInfo.InvariantCulture);
}
