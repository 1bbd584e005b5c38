namespace Yunying.Events.Partition;

/// <summary>
/// The last string a dictionary lookup resolved, by its UTF-8 bytes. Events arrive in runs (one person's
/// events together, the same property keys in the same order, the same channel or city again), so comparing
/// a few bytes with the previous lookup skips most hashing and probing on the writer's hot path. Ids never
/// change once assigned, so a hit returns exactly what the dictionary would. Writer-only.
/// </summary>
internal sealed class InternCache
{
    private const int MaxLength = 64;
    private readonly byte[] _bytes = new byte[MaxLength];
    private int _length = -1;
    private int _id;

    public bool TryGet(ReadOnlySpan<byte> utf8, out int id)
    {
        id = _id;
        return utf8.Length == _length && utf8.SequenceEqual(_bytes.AsSpan(0, _length));
    }

    public void Set(ReadOnlySpan<byte> utf8, int id)
    {
        if (utf8.Length > MaxLength)
        {
            _length = -1;
            return;
        }

        utf8.CopyTo(_bytes);
        _length = utf8.Length;
        _id = id;
    }

    /// <summary>The id of <paramref name="utf8"/> in <paramref name="table"/> (added when new), remembered for next time.</summary>
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
}
