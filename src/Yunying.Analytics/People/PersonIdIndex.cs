namespace Yunying.Analytics.People;

/// <summary>
/// Person ids (name-based UUIDs of each person's primary distinct id) computed on first use, and the reverse
/// lookup. One index serves a graph and every graph extended from it: extending only appends persons, so the
/// ids already computed stay right.
/// </summary>
internal sealed class PersonIdIndex(Guid projectId)
{
    private readonly List<Guid> _ids = [];
    private readonly Dictionary<Guid, int> _persons = [];
    private readonly Lock _gate = new();

    public Guid Get(int person, string[] primaryIds)
    {
        lock (_gate)
        {
            Fill(person + 1, primaryIds);
            return _ids[person];
        }
    }

    /// <summary>The person ordinal with id <paramref name="id"/> among the first <paramref name="count"/> persons.</summary>
    public int? Find(Guid id, string[] primaryIds, int count)
    {
        lock (_gate)
        {
            Fill(count, primaryIds);
            return _persons.TryGetValue(id, out var person) && person < count ? person : null;
        }
    }

    private void Fill(int count, string[] primaryIds)
    {
        var first = _ids.Count;
        if (count <= first)
        {
            return;
        }

        // Hashing a million ids is the slow part: spread it over the cores, then index in order.
        var ids = new Guid[count - first];
        Parallel.For(0, ids.Length, new ParallelOptions { MaxDegreeOfParallelism = ids.Length > 4096 ? -1 : 1 }, i => ids[i] = PersonResolver.PersonId(projectId, primaryIds[first + i]));
        _ids.AddRange(ids);
        _persons.EnsureCapacity(count);
        for (var i = 0; i < ids.Length; i++)
        {
            _persons[ids[i]] = first + i;
        }
    }
}
