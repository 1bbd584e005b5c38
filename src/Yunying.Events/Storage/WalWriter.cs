using Microsoft.Win32.SafeHandles;

namespace Yunying.Events.Storage;

/// <summary>The open, newest write-ahead-log file: gathered appends and fsync. Used by the partition's single writer loop only.</summary>
internal sealed class WalWriter : IDisposable
{
    private readonly SafeFileHandle _handle;
    private long _length;

    private WalWriter(string path, SafeFileHandle handle, long firstSequence, long length)
    {
        Path = path;
        _handle = handle;
        FirstSequence = firstSequence;
        _length = length;
    }

    public string Path { get; }

    public long FirstSequence { get; }

    public long Length => _length;

    /// <summary>Creates a new WAL file with its header, durably (file and directory entry).</summary>
    public static WalWriter Create(string directory, long firstSequence)
    {
        var path = System.IO.Path.Combine(directory, WalFormat.FileName(firstSequence));
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            Span<byte> header = stackalloc byte[WalFormat.FileHeaderSize];
            WalFormat.WriteFileHeader(header, firstSequence);
            RandomAccess.Write(handle, header, 0);
            RandomAccess.FlushToDisk(handle);
            DurableFiles.FlushDirectory(directory);
            return new WalWriter(path, handle, firstSequence, WalFormat.FileHeaderSize);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Appends already-sealed records with one gathered write (not yet durable).</summary>
    public void Append(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        long total = 0;
        for (var i = 0; i < records.Count; i++)
        {
            total += records[i].Length;
        }

        RandomAccess.Write(_handle, records, _length);
        _length += total;
    }

    public void Flush() => RandomAccess.FlushToDisk(_handle);

    public void Dispose() => _handle.Dispose();
}
