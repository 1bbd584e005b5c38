using System.Runtime.CompilerServices;

namespace Yunying.Events.Partition;

/// <summary>
/// Open-addressing hash index from UTF-8 bytes to dictionary id, so the write path interns strings
/// straight from the log bytes. Writer-only (no locking); the bytes live in one growing arena.
/// </summary>
internal sealed class Utf8Index
{
    private int[] _slots = new int[1024]; // entry index + 1; 0 = empty
    private int[] _hashes = new int[512];
    private int[] _ids = new int[512];
    private int[] _starts = new int[513];
    private byte[] _arena = new byte[16 * 1024];
    private int _count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(ReadOnlySpan<byte> utf8, int hash)
    {
        var mask = _slots.Length - 1;
        for (var slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            var entry = _slots[slot] - 1;
            if (entry < 0)
            {
                return -1;
            }

            if (_hashes[entry] == hash && utf8.SequenceEqual(_arena.AsSpan(_starts[entry], _starts[entry + 1] - _starts[entry])))
            {
                return _ids[entry];
            }
        }
    }

    public void Insert(ReadOnlySpan<byte> utf8, int hash, int id)
    {
        if (_count + 1 >= _hashes.Length)
        {
            Array.Resize(ref _hashes, _hashes.Length * 2);
            Array.Resize(ref _ids, _ids.Length * 2);
            Array.Resize(ref _starts, _hashes.Length + 1);
        }

        var start = _starts[_count];
        if (start + utf8.Length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, start + utf8.Length));
        }

        utf8.CopyTo(_arena.AsSpan(start));
        _hashes[_count] = hash;
        _ids[_count] = id;
        _starts[_count + 1] = start + utf8.Length;
        _count++;
        if (_count * 2 > _slots.Length)
        {
            Rehash(_slots.Length * 2);
        }
        else
        {
            Place(_count - 1);
        }
    }

    private void Rehash(int size)
    {
        _slots = new int[size];
        for (var entry = 0; entry < _count; entry++)
        {
            Place(entry);
        }
    }

    private void Place(int entry)
    {
        var mask = _slots.Length - 1;
        var slot = _hashes[entry] & mask;
        while (_slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        _slots[slot] = entry + 1;
    }
}
