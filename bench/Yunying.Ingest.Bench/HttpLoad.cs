using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Yunying.Ingest.Bench;

/// <summary>
/// Sends pre-serialised PostHog batches to <c>/batch/</c>: either as fast as a fixed number of connections
/// allow (closed loop, for throughput) or at fixed intervals whatever the answers do (open loop, for latency).
/// </summary>
internal sealed class HttpLoad(HttpClient client)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly Uri BatchPath = new("/batch/", UriKind.Relative);

    public static HttpClient CreateClient(Uri address) => new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromMinutes(5),
    };

    /// <summary><paramref name="connections"/> senders, each sending its next batch as soon as the last one is answered.</summary>
    public async Task<LoadResult> ClosedLoopAsync(IReadOnlyList<PostHogBatch> batches, int connections, CancellationToken cancellationToken)
    {
        var tally = new Tally(batches.Count);
        var next = -1;
        var clock = Stopwatch.StartNew();
        var origin = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < batches.Count)
            {
                var start = Stopwatch.GetTimestamp();
                tally.Starts[i] = Stopwatch.GetElapsedTime(origin, start).TotalMilliseconds;
                await SendAsync(batches[i], tally, cancellationToken);
                tally.Latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }, cancellationToken)));
        return tally.Result(batches, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Starts request <c>i</c> at <c>i / requestsPerSecond</c> seconds, without waiting for earlier answers, and
    /// times each from that scheduled moment, so a slow answer or a late start counts against the server
    /// (no coordinated omission).
    /// </summary>
    public async Task<LoadResult> OpenLoopAsync(IReadOnlyList<PostHogBatch> batches, double requestsPerSecond, CancellationToken cancellationToken)
    {
        var tally = new Tally(batches.Count);
        var inFlight = new List<Task>(batches.Count);
        var intervalTicks = Stopwatch.Frequency / requestsPerSecond;
        var clock = Stopwatch.StartNew();
        var origin = Stopwatch.GetTimestamp();
        for (var i = 0; i < batches.Count; i++)
        {
            var scheduled = origin + (long)(i * intervalTicks);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled);
            if (wait > TimeSpan.Zero)
            {
                // Timers fire late rather than early (about 1 ms on Linux); no spinning, the cores belong to the server.
                await Task.Delay(wait, cancellationToken);
            }

            tally.Lateness[i] = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
            tally.Starts[i] = Stopwatch.GetElapsedTime(origin, scheduled).TotalMilliseconds;
            var index = i;
            inFlight.Add(Task.Run(async () =>
            {
                await SendAsync(batches[index], tally, cancellationToken);
                tally.Latencies[index] = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
            }, cancellationToken));
        }

        await Task.WhenAll(inFlight);
        return tally.Result(batches, clock.Elapsed.TotalSeconds);
    }

    private async Task SendAsync(PostHogBatch batch, Tally tally, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new ByteArrayContent(batch.Body);
            content.Headers.ContentType = Json;
            using var response = await client.PostAsync(BatchPath, content, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                tally.Fail($"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
                return;
            }

            using var answer = JsonDocument.Parse(body);
            var root = answer.RootElement;
            Interlocked.Add(ref tally.Accepted, root.GetProperty("accepted").GetInt32());
            Interlocked.Add(ref tally.Duplicates, root.GetProperty("duplicates").GetInt32());
            Interlocked.Add(ref tally.Rejected, root.GetProperty("rejected").GetArrayLength());
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException)
        {
            tally.Fail(e.Message);
        }
    }

    private sealed class Tally(int requests)
    {
        public readonly double[] Latencies = new double[requests];
        public readonly double[] Lateness = new double[requests];
        public readonly double[] Starts = new double[requests];
        public readonly DateTime StartedUtc = DateTime.UtcNow;
        public long Accepted;
        public long Duplicates;
        public long Rejected;
        private int _failed;
        private string? _firstFailure;

        public void Fail(string message)
        {
            Interlocked.CompareExchange(ref _firstFailure, message, null);
            Interlocked.Increment(ref _failed);
        }

        public LoadResult Result(IReadOnlyList<PostHogBatch> batches, double seconds) => new(
            batches.Count, batches.Sum(b => (long)b.Events), batches.Sum(b => (long)b.Body.Length), Accepted, Duplicates, Rejected, _failed, _firstFailure, seconds, Latencies, Lateness, StartedUtc, Starts);
    }
}
