using Yunying.Events.Reading;

namespace Yunying.Analytics.People;

/// <summary>
/// Who is who in one snapshot of a project: every distinct id mapped to a person, after applying every
/// identity merge in the event stream (retroactively: a person's anonymous events before sign-up count
/// for them). Person ordinals are dense (0 … <see cref="PersonCount"/>-1) and valid for this map only;
/// <see cref="PersonIds"/> gives each person's stable id. Immutable; safe to share between queries.
/// </summary>
public sealed class PersonMap
{
    private readonly int[] _distinctToPerson;
    private readonly Func<string, PersonPropertyColumn> _loadProperty;
    private readonly Dictionary<string, PersonPropertyColumn> _properties = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    internal PersonMap(ProjectSnapshot snapshot, int[] distinctToPerson, int personCount, Guid[] personIds, Func<string, PersonPropertyColumn> loadProperty)
        : this(snapshot, distinctToPerson, personCount, (IReadOnlyList<Guid>)personIds, loadProperty)
    {
    }

    internal PersonMap(ProjectSnapshot snapshot, int[] distinctToPerson, int personCount, IReadOnlyList<Guid> personIds, Func<string, PersonPropertyColumn> loadProperty)
    {
        Snapshot = snapshot;
        _distinctToPerson = distinctToPerson;
        PersonCount = personCount;
        PersonIds = personIds;
        _loadProperty = loadProperty;
    }

    /// <summary>The snapshot this map was built from.</summary>
    public ProjectSnapshot Snapshot { get; }

    /// <summary>Persons in the map.</summary>
    public int PersonCount { get; }

    /// <summary>Person ordinal of each distinct ordinal (length <see cref="ProjectSnapshot.DistinctIds"/>.Count).</summary>
    public ReadOnlySpan<int> DistinctToPerson => _distinctToPerson;

    /// <summary>Stable id of each person ordinal (what exports call <c>person_id</c>).</summary>
    public IReadOnlyList<Guid> PersonIds { get; }

    /// <summary>Members, identities, groups and person-property operations (set by <see cref="PersonResolver"/>).</summary>
    internal PeopleDetails? Details { get; init; }

    /// <summary>
    /// The person property <paramref name="key"/> for every person, after folding <c>$set</c>,
    /// <c>$set_once</c>, <c>$unset</c>, <c>$increment</c> and <c>$append</c> in event-time order.
    /// Computed on first use and cached with the map.
    /// </summary>
    public PersonPropertyColumn GetProperty(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (!_properties.TryGetValue(key, out var column))
            {
                column = _loadProperty(key);
                _properties[key] = column;
            }

            return column;
        }
    }
}
