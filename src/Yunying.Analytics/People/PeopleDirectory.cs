using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Yunying.Events;
using Yunying.Events.Reading;

namespace Yunying.Analytics.People;

/// <summary>
/// Lists, searches, shows and forgets people: what the People page and API need on top of the person map.
/// Activity (first and last seen, event count per person) is one pass over the snapshot, cached with the map.
/// </summary>
public sealed class PeopleDirectory(EventStore store, IPersonResolver resolver)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
    private static readonly string[] NameProperties = ["name", "$name", "email", "$email"];

    private static readonly ConditionalWeakTable<PersonMap, Activity> Activities = [];

    /// <summary>People matching <paramref name="search"/> (a part of a distinct id or of a person property value; all when blank), most recently seen first.</summary>
    public async Task<PeoplePage> ListAsync(Guid projectId, string? search, int offset, int limit, CancellationToken cancellationToken) =>
        List(resolver.Resolve(await store.GetSnapshotAsync(projectId, cancellationToken)), search, offset, limit, null);

    /// <summary>People of <paramref name="map"/> matching <paramref name="search"/> (and only those <paramref name="member"/> accepts, when given), most recently seen first.</summary>
    public static PeoplePage List(PersonMap map, string? search, int offset, int limit, Func<int, bool>? member)
    {
        ArgumentNullException.ThrowIfNull(map);
        var activity = ActivityOf(map);
        IEnumerable<int> matches = member is null ? activity.ByLastSeen : activity.ByLastSeen.Where(member);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var found = Search(map, search.Trim());
            matches = matches.Where(found.Contains);
        }

        var all = matches as int[] ?? matches.ToArray();
        var page = all.Skip(offset).Take(limit).Select(p => Summary(map, activity, p)).ToList();
        return new PeoplePage(page, all.Length, offset + page.Count < all.Length ? offset + page.Count : null);
    }

    /// <summary>The person with id <paramref name="personId"/>, or with the distinct id <paramref name="distinctId"/>; null when unknown.</summary>
    public async Task<PersonProfile?> FindAsync(Guid projectId, Guid? personId, string? distinctId, CancellationToken cancellationToken)
    {
        var map = resolver.Resolve(await store.GetSnapshotAsync(projectId, cancellationToken));
        if (Ordinal(map, personId, distinctId) is not { } person)
        {
            return null;
        }

        var details = map.Details!;
        var properties = new JsonObject();
        foreach (var (key, value) in details.Profile(person))
        {
            properties[key] = value;
        }

        var ids = IdsOf(map, person);
        var idSet = ids.ToHashSet(StringComparer.Ordinal);
        var refused = details.Graph.Refused.Where(r => idSet.Contains(r.DistinctId) || idSet.Contains(r.OtherId)).ToList();
        return new PersonProfile(Summary(map, ActivityOf(map), person), ids, properties, Groups(map, person), refused);
    }

    /// <summary>The distinct ids of a person (for their timeline); null when unknown.</summary>
    public async Task<IReadOnlyList<string>?> DistinctIdsAsync(Guid projectId, Guid personId, CancellationToken cancellationToken)
    {
        var map = resolver.Resolve(await store.GetSnapshotAsync(projectId, cancellationToken));
        return Ordinal(map, personId, null) is { } person ? IdsOf(map, person) : null;
    }

    /// <summary>The persons with these ids, in the same order; ids the current snapshot does not know are left out.</summary>
    public async Task<IReadOnlyList<PersonSummary>> SummariesAsync(Guid projectId, IReadOnlyList<Guid> personIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        var map = resolver.Resolve(await store.GetSnapshotAsync(projectId, cancellationToken));
        var activity = ActivityOf(map);
        return [.. personIds.Select(id => Ordinal(map, id, null)).OfType<int>().Select(p => Summary(map, activity, p))];
    }

    /// <summary>Every distinct id of the persons with these ids (what a static cohort keeps).</summary>
    public async Task<IReadOnlyList<string>> DistinctIdsOfAsync(Guid projectId, IEnumerable<Guid> personIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        var map = resolver.Resolve(await store.GetSnapshotAsync(projectId, cancellationToken));
        return [.. personIds.Select(id => Ordinal(map, id, null)).OfType<int>().SelectMany(p => IdsOf(map, p))];
    }

    /// <summary>Deletes every event of the person (all their distinct ids); null when unknown.</summary>
    public async Task<PersonForgotten?> ForgetAsync(Guid projectId, Guid personId, CancellationToken cancellationToken)
    {
        if (await DistinctIdsAsync(projectId, personId, cancellationToken) is not { } ids)
        {
            return null;
        }

        var deleted = await store.ForgetAsync(projectId, [.. ids], cancellationToken);
        return new PersonForgotten(personId, ids, deleted);
    }

    private static int? Ordinal(PersonMap map, Guid? personId, string? distinctId)
    {
        if (distinctId is not null)
        {
            return map.Snapshot.DistinctIds.TryGetId(distinctId, out var ordinal) ? map.DistinctToPerson[ordinal] : null;
        }

        var graph = map.Details!.Graph;
        return personId is { } id ? graph.Ids.Find(id, graph.PrimaryIds, graph.PersonCount) : null;
    }

    /// <summary>The person's ids: the one they are named after, then the others in first-seen order.</summary>
    private static List<string> IdsOf(PersonMap map, int person)
    {
        var graph = map.Details!.Graph;
        var ids = new List<string> { graph.PrimaryIds[person] };
        foreach (var ordinal in graph.MembersOf(person))
        {
            var id = map.Snapshot.DistinctIds[ordinal];
            if (id != ids[0])
            {
                ids.Add(id);
            }
        }

        ids.AddRange(graph.ExtraIds[person].Where(id => id != ids[0]));
        return ids;
    }

    private static PersonSummary Summary(PersonMap map, Activity activity, int person)
    {
        var graph = map.Details!.Graph;
        var name = graph.PrimaryIds[person];
        foreach (var key in NameProperties)
        {
            if (map.GetProperty(key).Strings[person] is { Length: > 0 } value)
            {
                name = value;
                break;
            }
        }

        var ids = IdsOf(map, person);
        return new PersonSummary(
            map.PersonIds[person],
            name,
            graph.Identified[person],
            ids.Take(10).ToList(),
            ids.Count,
            EventRecord.FromMicros(activity.FirstSeen[person]),
            EventRecord.FromMicros(activity.LastSeen[person]),
            activity.Counts[person]);
    }

    private static HashSet<int> Search(PersonMap map, string term)
    {
        var found = new HashSet<int>();
        var snapshot = map.Snapshot;
        var persons = map.DistinctToPerson;
        for (var ordinal = 0; ordinal < snapshot.DistinctIds.Count; ordinal++)
        {
            if (snapshot.DistinctIds[ordinal].Contains(term, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(persons[ordinal]);
            }
        }

        var graph = map.Details!.Graph;
        for (var p = 0; p < graph.PersonCount; p++)
        {
            if (graph.ExtraIds[p].Any(id => id.Contains(term, StringComparison.OrdinalIgnoreCase)))
            {
                found.Add(p);
            }
        }

        // Any string a person property was set to (a name, an email, a phone number).
        foreach (var extract in map.Details.Extracts)
        {
            foreach (var ops in extract.OpsByKey.Values)
            {
                foreach (var op in ops)
                {
                    if (op.Kind == PropertyValueKind.String && op.Text!.Contains(term, StringComparison.OrdinalIgnoreCase))
                    {
                        found.Add(persons[op.Distinct]);
                    }
                }
            }
        }

        return found;
    }

    private static List<PersonGroup> Groups(PersonMap map, int person)
    {
        var details = map.Details!;
        var persons = map.DistinctToPerson;
        var keys = new SortedSet<(string Type, string Key)>();
        foreach (var extract in details.Extracts)
        {
            foreach (var membership in extract.Memberships)
            {
                if (persons[membership.Distinct] == person)
                {
                    keys.Add((membership.Type, membership.Key));
                }
            }
        }

        var operations = details.Extracts.SelectMany((e, i) => e.Groups.Select(g => g with { Arrival = Arrivals.Of(i, g.Arrival) })).OrderBy(g => g.Timestamp).ThenBy(g => g.Arrival).ToList();
        var groups = new List<PersonGroup>(keys.Count);
        foreach (var (type, key) in keys)
        {
            var properties = new JsonObject();
            foreach (var op in operations)
            {
                if (op.Type == type && op.Key == key && op.SetJson is not null && JsonNode.Parse(op.SetJson) is JsonObject set)
                {
                    foreach (var (name, value) in set)
                    {
                        properties[name] = value?.DeepClone();
                    }
                }
            }

            groups.Add(new PersonGroup(type, key, properties));
        }

        return groups;
    }

    private static Activity ActivityOf(PersonMap map) => Activities.GetValue(map, static m => Activity.Of(m));

    /// <summary>First and last event time and event count of every person, and persons by last seen (newest first).</summary>
    private sealed class Activity
    {
        private Activity(long[] first, long[] last, long[] counts, int[] byLastSeen)
        {
            FirstSeen = first;
            LastSeen = last;
            Counts = counts;
            ByLastSeen = byLastSeen;
        }

        public long[] FirstSeen { get; }

        public long[] LastSeen { get; }

        public long[] Counts { get; }

        public int[] ByLastSeen { get; }

        public static Activity Of(PersonMap map)
        {
            var count = map.PersonCount;
            var first = new long[count];
            var last = new long[count];
            var counts = new long[count];
            Array.Fill(first, long.MaxValue);
            Array.Fill(last, long.MinValue);
            var persons = map.DistinctToPerson;
            foreach (var segment in map.Snapshot.Segments)
            {
                var timestamps = segment.Timestamps;
                var ordinals = segment.DistinctOrdinals;
                for (var i = 0; i < ordinals.Length; i++)
                {
                    var p = persons[ordinals[i]];
                    var t = timestamps[i];
                    counts[p]++;
                    if (t < first[p])
                    {
                        first[p] = t;
                    }

                    if (t > last[p])
                    {
                        last[p] = t;
                    }
                }
            }

            // Persons whose events were all forgotten have no activity; they are not listed.
            var listed = Enumerable.Range(0, count).Where(p => counts[p] > 0).ToArray();
            var keys = Array.ConvertAll(listed, p => -last[p]);
            Array.Sort(keys, listed);
            return new Activity(first, last, counts, listed);
        }
    }
}
