namespace Yunying.Events.Tests;

/// <summary>
/// Child-process side of the crash test: appends batches from several concurrent writers forever and
/// prints <c>ACK {batch}</c> for each batch whose append has returned (i.e. is durable).
/// </summary>
internal static class CrashHelper
{
    public const string Verb = "crash-helper";
    public const int BatchSize = 100;

    public static Guid Uuid(int batch, int i) => new(batch, (short)i, 0x4000, 9, 9, 9, 9, 9, 9, 9, 9);

    public static async Task<int> RunAsync(string[] args)
    {
        var dataDirectory = args[0];
        var projectId = Guid.Parse(args[1]);
        var store = EventStore.Open(dataDirectory, new EventStoreOptions { SealThreshold = 3000, SealOnDispose = false });
        var next = -1;
        Console.WriteLine("READY");
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var batch = Interlocked.Increment(ref next);
                var records = Enumerable.Range(0, BatchSize)
                    .Select(i => new EventRecord(Uuid(batch, i), Events.BaseTime + batch, "tick", $"d{i % 17}", """{"k":"v"}"""u8.ToArray()))
                    .ToArray();
                await store.AppendAsync(projectId, records);
                Console.WriteLine($"ACK {batch}");
            }
        })));
        return 0;
    }
}
