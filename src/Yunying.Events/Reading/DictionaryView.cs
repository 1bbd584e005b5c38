using Yunying.Events.Partition;

namespace Yunying.Events.Reading;

/// <summary>
/// One of a project's append-only dictionaries (string ↔ dense int id) as of a snapshot. Ids never
/// change once given, so they can be cached across snapshots.
/// </summary>
public sealed class DictionaryView
{
    private readonly StringTable _table;

    internal DictionaryView(StringTable table, int count)
    {
        _table = table;
        Count = count;
    }

    /// <summary>Entries visible in this snapshot (ids 0 … Count-1).</summary>
    public int Count { get; }

    /// <summary>The string with id <paramref name="id"/>.</summary>
    public string this[int id]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(id);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, Count);
            return _table[id];
        }
    }

    /// <summary>Looks up the id of <paramref name="value"/>; false when absent from this snapshot.</summary>
    public bool TryGetId(string value, out int id) => _table.TryGetId(value, out id) && id < Count;
}
