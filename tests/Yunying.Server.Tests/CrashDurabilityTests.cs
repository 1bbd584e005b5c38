using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Yunying.Events;
using Yunying.Testing;

namespace Yunying.Server.Tests;

/// <summary>
/// An acknowledged event is never lost: the real server process is killed with SIGKILL in the middle of
/// ingest, and every event it answered 200 for is in the event store afterwards.
/// </summary>
public sealed class CrashDurabilityTests
{
    private const int Senders = 4;
    private const int EventsPerBatch = 100;
    private const int AcknowledgedBatchesBeforeKill = 40;

    [Fact]
    public async Task Serve_KilledDuringIngest_EveryAcknowledgedEventIsStored()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDir = Path.Combine(Path.GetTempPath(), "yunying-crash-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Equal(0, (await CliRunner.RunAsync(ct, "admin", "create-user", "--data-dir", dataDir, "--user-name", "root", "--administrator")).ExitCode);
            var created = JsonDocument.Parse((await CliRunner.RunAsync(ct, "project", "create", "--data-dir", dataDir, "--name", "Crash", "--json")).StandardOutput).RootElement;
            var projectId = created.GetProperty("id").GetGuid();
            var writeKey = created.GetProperty("writeKey").GetString()!;
            var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");

            var acknowledged = new ConcurrentBag<Guid>();
            var attempted = 0;
            using (var server = CliRunner.Start("serve", "--data-dir", dataDir, "--urls", address.ToString().TrimEnd('/')))
            {
                using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
                await WaitUntilHealthyAsync(client, server, ct);

                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var batchesAcknowledged = 0;
                var senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        var uuids = Enumerable.Range(0, EventsPerBatch).Select(_ => Guid.NewGuid()).ToArray();
                        Interlocked.Add(ref attempted, uuids.Length);
                        try
                        {
                            using var response = await client.PostAsJsonAsync("/batch/", Batch(writeKey, uuids), stop.Token);
                            if (response.IsSuccessStatusCode)
                            {
                                foreach (var uuid in uuids)
                                {
                                    acknowledged.Add(uuid);
                                }

                                Interlocked.Increment(ref batchesAcknowledged);
                            }
                        }
                        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                        {
                            // After the kill, or while it happens: not acknowledged, so no promise was made.
                            return;
                        }
                    }
                }, ct)).ToArray();

                while (Volatile.Read(ref batchesAcknowledged) < AcknowledgedBatchesBeforeKill && !server.HasExited)
                {
                    await Task.Delay(10, ct);
                }

                server.Kill(entireProcessTree: true); // SIGKILL on Linux: no shutdown hooks, no final seal.
                await server.WaitForExitAsync(ct);
                await Task.WhenAll(senders).WaitAsync(TimeSpan.FromSeconds(60), ct);
                stop.Cancel();
            }

            var stored = new HashSet<Guid>();
            await using (var store = EventStore.Open(dataDir))
            {
                await foreach (var e in store.ReadAllAsync(projectId, ct))
                {
                    Assert.True(stored.Add(e.Uuid), $"event {e.Uuid} is stored twice");
                }
            }

            TestContext.Current.TestOutputHelper?.WriteLine($"attempted {attempted}, acknowledged {acknowledged.Count}, stored {stored.Count}");
            Assert.True(acknowledged.Count >= AcknowledgedBatchesBeforeKill * EventsPerBatch);
            var lost = acknowledged.Where(uuid => !stored.Contains(uuid)).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged events were lost (attempted {attempted}).");
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static object Batch(string writeKey, Guid[] uuids) => new
    {
        api_key = writeKey,
        batch = uuids.Select((uuid, i) => new
        {
            @event = i % 3 == 0 ? "purchase" : "$pageview",
            distinct_id = $"user-{i % 17}",
            uuid,
            properties = new { amount = i * 1.5, platform = "ios", city = "杭州" },
        }).ToArray(),
    };

    private static async Task WaitUntilHealthyAsync(HttpClient client, Process server, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (server.HasExited)
            {
                Assert.Fail("the server exited before answering /healthz: " + await server.StandardError.ReadToEndAsync(ct));
            }

            try
            {
                if ((await client.GetAsync("/healthz", ct)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, ct);
        }

        Assert.Fail("the server did not answer /healthz within 60 seconds");
    }
}
