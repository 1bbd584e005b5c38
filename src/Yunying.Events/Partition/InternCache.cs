using System.Runtime.CompilerServices;

namespace Yunying.Events.Partition;

/// <summary>
/// Recent strings a dictionary lookup resolved, by their UTF-8 bytes, in a few direct-mapped slots (chosen by
/// length and last byte). Events arrive in runs and most columns have few distinct values (one person's events
/// together, keys in the same order, the same channel, city, page or event name again), so comparing a few
/// bytes skips most hashing and probing on the writer's hot path. Ids never change once assigned, so a hit
/// returns exactly what the dictionary would. Writer-only.
/// </summary>
/// <param name="slots">How many strings to remember: a power of two.</param>
internal sealed class InternCache(int slots = 1)
{
    private const int MaxLength = 64;
    private readonly byte[] _bytes = new byte[slots * MaxLength];
    private readonly int[] _lengths = [.. Enumerable.Repeat(-1, slots)];
    private readonly int[] _ids = new int[slots];
    private readonly int _mask = slots - 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(ReadOnlySpan<byte> utf8, out int id)
    {
        var slot = Slot(utf8);
        id = _ids[slot];
        return utf8.Length == _lengths[slot] && utf8.SequenceEqual(_bytes.AsSpan(slot * MaxLength, utf8.Length));
    }

    public void Set(ReadOnlySpan<byte> utf8, int id)
    {
        var slot = Slot(utf8);
        if (utf8.Length > MaxLength)
        {
            _lengths[slot] = -1;
            return;
        }

        utf8.CopyTo(_bytes.AsSpan(slot * MaxLength));
        _lengths[slot] = utf8.Length;
        _ids[slot] = id;
    }

    /// <summary>The id of <paramref name="utf8"/> in <paramref name="table"/> (added when new), remembered for next time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(ReadOnlySpan<byte> utf8, StringTable table)
    {
        if (TryGet(utf8, out var id))
        {
            return id;
        }

        id = table.GetOrAdd(utf8);
        Set(utf8, id);
        return id;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ReadOnlySpan<byte> utf8) => utf8.IsEmpty ? 0 : (utf8.Length + (utf8[^1] * 7)) & _mask;
}
