using Yunying.Analytics.Demo;
using Yunying.Analytics.Transfer;

namespace Yunying.Analytics.Tests.Demo;

public sealed class DemoJsonlTests
{
    private static readonly DemoOptions Options = new(20_000, 2_000, 30, 11, new DateOnly(2026, 11, 21));

    [Fact]
    public async Task WriteAsync_ParallelChunks_SameBytesAsWritingEveryEventInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var generator = new DemoGenerator(Options, eventsPerChunk: 1_500);
        using var expected = new MemoryStream();
        await using (var writer = new JsonlEventWriter(expected))
        {
            foreach (var record in generator.Events())
            {
                writer.Write(record);
            }
        }

        using var actual = new MemoryStream();
        var progress = new List<long>();
        var written = await DemoJsonl.WriteAsync(generator, actual, new SynchronousProgress(progress), ct);

        Assert.True(generator.ChunkCount > 3, "several chunks, so their order matters");
        Assert.Equal(generator.Events().LongCount(), written);
        Assert.Equal(expected.ToArray(), actual.ToArray());
        Assert.Equal(written, progress[^1]);
        Assert.Equal(progress.Order(), progress);
    }

    private sealed class SynchronousProgress(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }
}
