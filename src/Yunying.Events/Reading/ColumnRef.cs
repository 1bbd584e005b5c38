using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Yunying.Events.Reading;

/// <summary>
/// A typed window into any array: a segment file image (<c>byte[]</c>) or a memtable column
/// (<c>long[]</c>, <c>int[]</c>…). Bounds are validated once when the reference is made, so the span
/// accessors cost nothing per call. The array is kept alive by the reference (GC-managed lifetime is
/// what lets snapshots outlive sealing without reference counting).
/// </summary>
internal readonly struct ColumnRef
{
    private readonly Array? _array;
    private readonly int _byteOffset;

    private ColumnRef(Array array, int byteOffset, int count)
    {
        _array = array;
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
        where T : unmanaged
    {
        if (count == 0)
        {
            return default;
        }

        if (byteOffset < 0 || (long)byteOffset + ((long)count * Unsafe.SizeOf<T>()) > image.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "Column lies outside its buffer.");
        }

        return new ColumnRef(image, byteOffset, count);
    }

    public ReadOnlySpan<T> Span<T>()
        where T : unmanaged
    {
        if (_array is null)
        {
            return default;
        }

        ref var start = ref Unsafe.AddByteOffset(ref MemoryMarshal.GetArrayDataReference(_array), (nint)_byteOffset);
        return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, T>(ref start), Count);
    }
}
