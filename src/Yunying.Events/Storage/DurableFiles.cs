using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Yunying.Events.Storage;

/// <summary>File-system steps that durability depends on: fsync of files and of directories, atomic replace.</summary>
internal static partial class DurableFiles
{
    /// <summary>Makes a directory's entries (created, renamed, deleted files) durable. POSIX only; Windows needs no step.</summary>
    public static void FlushDirectory(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return;
        }

        var fd = Open(path, 0);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory '{path}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory '{path}' failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Writes a whole file and fsyncs it (the caller flushes the directory).</summary>
    public static void WriteAllDurably(string path, ReadOnlySpan<byte> contents)
    {
        using var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None);
        RandomAccess.Write(handle, contents, 0);
        RandomAccess.FlushToDisk(handle);
    }

    /// <summary>Replaces <paramref name="path"/> atomically: temp file, fsync, rename, fsync directory.</summary>
    public static void ReplaceAtomically(string path, ReadOnlySpan<byte> contents)
    {
        var temp = path + ".tmp";
        WriteAllDurably(temp, contents);
        File.Move(temp, path, overwrite: true);
        FlushDirectory(Path.GetDirectoryName(path)!);
    }

    public static void Truncate(string path, long length)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        RandomAccess.SetLength(handle, length);
        RandomAccess.FlushToDisk(handle);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
