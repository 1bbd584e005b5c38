using System.Runtime.CompilerServices;
using System.Text;

namespace Yunying.Events.Partition;

/// <summary>
/// An append-only string ↔ dense id dictionary. One writer (the partition's writer loop or recovery)
/// adds entries; any thread may read ids below a previously observed <see cref="Count"/>.
/// </summary>
internal sealed class StringTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Lock _gate = new();
    private string[] _items = new string[64];
    private char[] _scratch = new char[256];
    private readonly Utf8Index _utf8 = new();
    private int _count;

    public StringTable() => _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => Volatile.Read(ref _count);

    public string this[int id] => Volatile.Read(ref _items)[id];

    /// <summary>Writer only: the id of a UTF-8 string, adding it when new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int GetOrAdd(ReadOnlySpan<byte> utf8)
    {
        // The hot path: most strings were seen before, so look them up by their UTF-8 bytes directly
        // (no transcoding, no UTF-16 hashing).
        var hash = Utf8Hash(utf8);
        var id = _utf8.Find(utf8, hash);
        if (id >= 0)
        {
            return id;
        }

        id = GetOrAddSlow(utf8);
        _utf8.Insert(utf8, hash, id);
        return id;
    }

    private static int Utf8Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = default(HashCode);
        hash.AddBytes(utf8);
        return hash.ToHashCode();
    }

    private int GetOrAddSlow(ReadOnlySpan<byte> utf8)
    {
        var max = utf8.Length;
        if (_scratch.Length < max)
        {
            _scratch = new char[Math.Max(max, _scratch.Length * 2)];
        }

        var length = Encoding.UTF8.GetChars(utf8, _scratch);
        return GetOrAdd(_scratch.AsSpan(0, length));
    }

    /// <summary>Writer only: the id of a string, adding it when new.</summary>
    public int GetOrAdd(ReadOnlySpan<char> value)
    {
        // Only the writer mutates, so its own lookups need no lock; readers lock against its mutations.
        if (_lookup.TryGetValue(value, out var id))
        {
            return id;
        }

        return Add(value.ToString());
    }

    /// <summary>Writer only: appends a string known to be new (loading a persisted dictionary).</summary>
    public int Add(string value)
    {
        lock (_gate)
        {
            var id = _count;
            if (id == _items.Length)
            {
                var larger = new string[_items.Length * 2];
                _items.AsSpan().CopyTo(larger);
                Volatile.Write(ref _items, larger);
            }

            _items[id] = value;
            if (!_ids.TryAdd(value, id))
            {
                throw new EventStoreFormatException($"Dictionary holds '{value}' twice.");
            }

            Volatile.Write(ref _count, id + 1);
            return id;
        }
    }

    public bool TryGetId(string value, out int id)
    {
        lock (_gate)
        {
            return _ids.TryGetValue(value, out id);
        }
    }

    /// <summary>Writer only: finds an id without adding.</summary>
    public bool TryGetIdUnlocked(ReadOnlySpan<char> value, out int id) => _lookup.TryGetValue(value, out id);
}
