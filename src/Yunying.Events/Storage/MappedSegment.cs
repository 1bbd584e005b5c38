using System.Collections.Concurrent;
using System.IO.MemoryMappedFiles;

namespace Yunying.Events.Storage;

/// <summary>
/// A sealed segment file mapped read-only into memory. Columns are spans over the mapping, so a segment's
/// rows live in the page cache rather than on the managed heap: the kernel pages in what queries read and may
/// drop it again under memory pressure, and opening a partition costs a checksum pass, not a copy.
/// </summary>
/// <remarks>
/// Spans over a mapping carry no reference the garbage collector can follow, so a mapping must outlive every
/// span ever taken from it, including spans still on the stack of a query whose snapshot the JIT already
/// considers dead. Mappings are therefore never unmapped while the process runs: every one is rooted here.
/// A segment replaced by a forget, or belonging to a closed store, keeps its address space (not memory: pages
/// nobody reads are not resident) and, on Linux, the disk blocks of its unlinked file until the process exits.
/// </remarks>
internal sealed unsafe class MappedSegment
{
    private static readonly ConcurrentBag<MappedSegment> Rooted = [];

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;

    private MappedSegment(MemoryMappedFile file, MemoryMappedViewAccessor view, byte* pointer, int length)
    {
        _file = file;
        _view = view;
        Pointer = pointer;
        Length = length;
    }

    public byte* Pointer { get; }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => new(Pointer, Length);

    /// <summary>Maps the first <paramref name="length"/> bytes of <paramref name="path"/> (at least one byte).</summary>
    public static MappedSegment Map(string path, int length)
    {
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        try
        {
            var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            var mapped = new MappedSegment(file, view, pointer + view.PointerOffset, length);
            Rooted.Add(mapped);
            return mapped;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
