using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Yunying.Events.Storage;

namespace Yunying.Events.Reading;

/// <summary>
/// A typed window into an array — a segment image built in memory (<c>byte[]</c>) or a memtable column
/// (<c>long[]</c>, <c>int[]</c>…) — or into a mapped segment file (<see cref="MappedSegment"/>). Bounds are
/// validated once when the reference is made, so the span accessors cost nothing per call. An array is kept
/// alive by the reference; a mapping lives as long as the process (see <see cref="MappedSegment"/>).
/// </summary>
internal readonly struct ColumnRef
{
    private readonly object? _owner;
    private readonly int _byteOffset;

    private ColumnRef(object owner, int byteOffset, int count)
    {
        _owner = owner;
        _byteOffset = byteOffset;
        Count = count;
    }

    public int Count { get; }

    public bool IsEmpty => Count == 0;

    public static ColumnRef Over<T>(T[]? array, int count)
        where T : unmanaged
    {
        if (array is null || count == 0)
        {
            return default;
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, array.Length);
        return new ColumnRef(array, 0, count);
    }

    public static ColumnRef Over<T>(byte[] image, int byteOffset, int count)
        where T : unmanaged => Within<T>(image, image.Length, byteOffset, count);

    public static ColumnRef Over<T>(MappedSegment image, int byteOffset, int count)
        where T : unmanaged => Within<T>(image, image.Length, byteOffset, count);

    private static ColumnRef Within<T>(object owner, int length, int byteOffset, int count)
        where T : unmanaged
    {
        if (count == 0)
        {
            return default;
        }

        if (byteOffset < 0 || (long)byteOffset + ((long)count * Unsafe.SizeOf<T>()) > length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "Column lies outside its buffer.");
        }

        return new ColumnRef(owner, byteOffset, count);
    }

    public unsafe ReadOnlySpan<T> Span<T>()
        where T : unmanaged
    {
        switch (_owner)
        {
            case null:
                return default;
            case MappedSegment mapped:
                return new ReadOnlySpan<T>(mapped.Pointer + _byteOffset, Count);
            default:
                ref var start = ref Unsafe.AddByteOffset(ref MemoryMarshal.GetArrayDataReference((Array)_owner), (nint)_byteOffset);
                return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, T>(ref start), Count);
        }
    }
}
