using System.Runtime.CompilerServices;
using System.Text;
using Yunying.Events.Storage;

namespace Yunying.Events.Tests;

/// <summary>
/// The on-disk format is a contract: files written by this version must stay readable. The committed
/// files under Golden/ were produced by <see cref="WriteGoldenAsync"/>; regenerate them (only for a
/// deliberate format change, with a version bump) by running with YUNYING_UPDATE_GOLDEN=1.
/// </summary>
public sealed class GoldenFormatTests
{
    private const string WalFile = "wal-00000000000000000001.ywal";
    private const string SegmentFile = "seg-0000000001.yseg";
    private static readonly Guid Project = Guid.Parse("9f0c4a52-6a3e-4e4b-9a51-0d6c2b7a1e01");
    private static readonly string[] PartitionFiles = [SegmentFile, DictionaryFile.FileName, Manifest.FileName];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EventRecord[][] Inputs =>
    [
        [
            new(Guid.Parse("00000000-0000-7000-8000-000000000001"), 1_700_000_000_000_000, "$pageview", "bob",
                Encoding.UTF8.GetBytes("""{"url":"/home","n":1,"ok":true}""")),
            new(Guid.Parse("00000000-0000-7000-8000-000000000002"), 1_700_000_001_000_000, "signup", "alice",
                Encoding.UTF8.GetBytes("""{"plan":"pro","ok":false,"coupon":null}""")),
            new(Guid.Parse("00000000-0000-7000-8000-000000000003"), 1_700_000_002_000_000, "purchase", "bob",
                Encoding.UTF8.GetBytes("""{"n":19.99,"items":[1,"a"],"meta":{"x":1},"城市":"上海"}""")),
        ],
        [
            new(Guid.Parse("00000000-0000-7000-8000-000000000004"), 1_700_000_003_000_000, "$pageview", "alice",
                Encoding.UTF8.GetBytes("""{"url":"/pricing"}""")),
            new(Guid.Parse("00000000-0000-7000-8000-000000000005"), 1_700_000_004_000_000, "$pageview", "carol", default),
        ],
    ];

    private static ExportedEvent[] ExpectedRows =>
    [
        new(Guid.Parse("00000000-0000-7000-8000-000000000001"), 1_700_000_000_000_000, "$pageview", "bob", """{"url":"/home","n":1,"ok":true}"""),
        new(Guid.Parse("00000000-0000-7000-8000-000000000002"), 1_700_000_001_000_000, "signup", "alice", """{"ok":false,"plan":"pro","coupon":null}"""),
        new(Guid.Parse("00000000-0000-7000-8000-000000000003"), 1_700_000_002_000_000, "purchase", "bob", """{"n":19.99,"items":[1,"a"],"meta":{"x":1},"城市":"上海"}"""),
        new(Guid.Parse("00000000-0000-7000-8000-000000000004"), 1_700_000_003_000_000, "$pageview", "alice", """{"url":"/pricing"}"""),
        new(Guid.Parse("00000000-0000-7000-8000-000000000005"), 1_700_000_004_000_000, "$pageview", "carol", "{}"),
    ];

    private static string GoldenDirectory => Path.Combine(AppContext.BaseDirectory, "Golden");

    [Fact]
    public async Task Writer_FixedInputs_ProducesCommittedBytes()
    {
        using var dir = new TempDirectory();
        var (wal, partition) = await WriteGoldenAsync(dir);

        if (Environment.GetEnvironmentVariable("YUNYING_UPDATE_GOLDEN") == "1")
        {
            var source = Path.Combine(SourceDirectory(), "Golden");
            File.Copy(wal, Path.Combine(source, WalFile), overwrite: true);
            foreach (var file in PartitionFiles)
            {
                File.Copy(Path.Combine(partition, file), Path.Combine(source, file), overwrite: true);
            }
        }

        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(GoldenDirectory, WalFile), Ct), await File.ReadAllBytesAsync(wal, Ct));
        foreach (var file in PartitionFiles)
        {
            Assert.Equal(
                await File.ReadAllBytesAsync(Path.Combine(GoldenDirectory, file), Ct),
                await File.ReadAllBytesAsync(Path.Combine(partition, file), Ct));
        }
    }

    [Fact]
    public async Task Reader_CommittedWal_ReplaysExpectedRows()
    {
        using var dir = new TempDirectory();
        var partition = dir.PartitionDirectory(Project);
        Directory.CreateDirectory(partition);
        File.Copy(Path.Combine(GoldenDirectory, WalFile), Path.Combine(partition, WalFile));

        await using var store = EventStore.Open(dir.Path, new EventStoreOptions { SealOnDispose = false });

        Assert.Equal(ExpectedRows, await Events.ReadAllAsync(store, Project));
    }

    [Fact]
    public async Task Reader_CommittedSegment_ReadsExpectedRows()
    {
        using var dir = new TempDirectory();
        var partition = dir.PartitionDirectory(Project);
        Directory.CreateDirectory(partition);
        foreach (var file in PartitionFiles)
        {
            File.Copy(Path.Combine(GoldenDirectory, file), Path.Combine(partition, file));
        }

        await using var store = EventStore.Open(dir.Path, new EventStoreOptions { SealOnDispose = false });
        var snapshot = await store.GetSnapshotAsync(Project, Ct);

        Assert.True(Assert.Single(snapshot.Segments).IsSealed);
        Assert.Equal(ExpectedRows, await Events.ReadAllAsync(store, Project));
    }

    [Fact]
    public void SegmentReader_BumpedVersion_RejectedWithClearError()
    {
        var image = File.ReadAllBytes(Path.Combine(GoldenDirectory, SegmentFile));
        image[8] = 2;

        var error = Assert.Throws<EventStoreFormatException>(() => SegmentReader.Parse(image, "golden.yseg"));

        Assert.Contains("format version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("reads version 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_WalWithBumpedVersion_RejectedWithClearError()
    {
        using var dir = new TempDirectory();
        var partition = dir.PartitionDirectory(Project);
        Directory.CreateDirectory(partition);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(GoldenDirectory, WalFile), Ct);
        bytes[8] = 2;
        await File.WriteAllBytesAsync(Path.Combine(partition, WalFile), bytes, Ct);
        await File.WriteAllBytesAsync(Path.Combine(partition, "wal-00000000000000000009.ywal"), [], Ct);

        await using var store = EventStore.Open(dir.Path);
        var error = await Assert.ThrowsAsync<EventStoreFormatException>(() => store.GetSnapshotAsync(Project, Ct));

        Assert.Contains("format version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Crc32C_KnownVector_MatchesStandardAndScalarPath()
    {
        var data = "123456789"u8;

        Assert.Equal(0xE3069283u, Crc32C.Compute(data));
        Assert.Equal(0xE3069283u, Crc32C.ComputeScalar(data));
    }

    private static async Task<(string Wal, string Partition)> WriteGoldenAsync(TempDirectory dir)
    {
        var options = new EventStoreOptions { SealOnDispose = false };
        await using (var store = EventStore.Open(dir.Path, options))
        {
            foreach (var batch in Inputs)
            {
                await store.AppendAsync(Project, batch, Ct);
            }
        }

        var partition = dir.PartitionDirectory(Project);
        var wal = Path.Combine(dir.Path, WalFile);
        File.Copy(Path.Combine(partition, WalFile), wal);
        await using (var store = EventStore.Open(dir.Path, options))
        {
            await store.FlushAsync(Project, Ct);
        }

        return (wal, partition);
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
