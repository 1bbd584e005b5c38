using System.Runtime.InteropServices;

namespace Yunying.Analytics.Query.Paths;

/// <summary>
/// Tallies keyed by a node or link key: an array when the key space is small (the usual case: tens of step
/// names), a dictionary otherwise (thousands of page names would make the link space too large to allocate).
/// </summary>
internal sealed class PathCells
{
    /// <summary>Key spaces up to this many cells are arrays.</summary>
    public const long DenseLimit = 1 << 17;

    private readonly PathCell[]? _dense;
    private readonly Dictionary<long, PathCell>? _sparse;

    public PathCells(long space)
    {
        if (space <= DenseLimit)
        {
            _dense = new PathCell[space];
        }
        else
        {
            _sparse = [];
        }
    }

    public ref PathCell this[long key] => ref _dense is not null
        ? ref _dense[key]
        : ref CollectionsMarshal.GetValueRefOrAddDefault(_sparse!, key, out _);

    /// <summary>The cells with at least one path, with their keys.</summary>
    public IEnumerable<(long Key, PathCell Cell)> Used()
    {
        if (_dense is not null)
        {
            for (var key = 0; key < _dense.Length; key++)
            {
                if (_dense[key].Paths > 0)
                {
                    yield return (key, _dense[key]);
                }
            }

            yield break;
        }

        foreach (var (key, cell) in _sparse!)
        {
            if (cell.Paths > 0)
            {
                yield return (key, cell);
            }
        }
    }

    /// <summary>Adds <paramref name="other"/>'s counts into this table.</summary>
    public void Add(PathCells other)
    {
        foreach (var (key, cell) in other.Used())
        {
            ref var mine = ref this[key];
            mine.Paths += cell.Paths;
            mine.Persons += cell.Persons;
            mine.Extra += cell.Extra;
            mine.ExtraPersons += cell.ExtraPersons;
        }
    }
}
