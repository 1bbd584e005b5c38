using System.Collections.Concurrent;
using System.Diagnostics;

namespace Yunying.Events.Tests;

public sealed class CrashDurabilityTests
{
    [Fact]
    public async Task AppendAsync_ProcessKilledMidIngest_EveryAcknowledgedEventSurvives()
    {
        using var dir = new TempDirectory();
        var project = Guid.Parse("33333333-3333-3333-3333-333333333333");
        var acknowledged = new ConcurrentQueue<int>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2)); // a hang guard, not a speed assertion
        var enoughAcks = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(CrashHelper).Assembly.Location);
        start.ArgumentList.Add(CrashHelper.Verb);
        start.ArgumentList.Add(dir.Path);
        start.ArgumentList.Add(project.ToString());
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("ACK ", StringComparison.Ordinal))
            {
                acknowledged.Enqueue(int.Parse(line.AsSpan(4)));
                if (acknowledged.Count >= 150)
                {
                    enoughAcks.TrySetResult();
                }
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Kill (SIGKILL) in the middle of ingest, after several background seals have happened.
        await enoughAcks.Task.WaitAsync(timeout.Token);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(timeout.Token);

        await using var store = EventStore.Open(dir.Path);
        var snapshot = await store.GetSnapshotAsync(project, timeout.Token);
        var stored = snapshot.Segments.SelectMany(s => s.Uuids.ToArray()).ToHashSet();
        Assert.True(acknowledged.Count >= 150);
        foreach (var batch in acknowledged)
        {
            for (var i = 0; i < CrashHelper.BatchSize; i++)
            {
                Assert.Contains(CrashHelper.Uuid(batch, i), stored);
            }
        }

        Assert.Equal(stored.Count, snapshot.RowCount); // nothing replayed twice
        Assert.Equal(0, snapshot.RowCount % CrashHelper.BatchSize); // batches are atomic

        // Still writable after recovery.
        var result = await store.AppendAsync(project, [Events.Make(1)], timeout.Token);
        Assert.Equal(1, result.Appended);
    }
}
