using System.Collections;
using System.Runtime.CompilerServices;
using Yunying.Events.Reading;

namespace Yunying.Analytics.People;

/// <summary>
/// Builds person maps from the event stream. Each segment view's identity traffic is read once and cached
/// for as long as the view lives (sealed segments are shared by every later snapshot, so only the in-memory
/// tail is read again). When a newer snapshot brings no new identity change — the common case while events
/// stream in — the previous fold is extended with the new distinct ids instead of folding again.
/// </summary>
public sealed class PersonResolver : IPersonResolver
{
    private readonly ConditionalWeakTable<SegmentView, ViewExtract> _extracts = [];
    private readonly ConditionalWeakTable<ProjectSnapshot, PersonMap> _maps = [];
    private readonly Dictionary<Guid, (IdentityOp[] Ops, IdentityGraph Graph)> _last = [];
    private readonly Dictionary<Guid, ViewExtract[]> _lastViews = [];
    private readonly Lock _gate = new();

    public PersonMap Resolve(ProjectSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (_maps.TryGetValue(snapshot, out var cached))
        {
            return cached;
        }

        var extracts = new ViewExtract[snapshot.Segments.Count];
        Parallel.For(0, extracts.Length, i =>
        {
            var view = snapshot.Segments[i];
            extracts[i] = _extracts.GetValue(view, v => ViewExtract.Read(snapshot, v));
        });

        var map = Build(snapshot, extracts, Graph(snapshot, extracts));
        return _maps.GetValue(snapshot, _ => map);
    }

    private IdentityGraph Graph(ProjectSnapshot snapshot, ViewExtract[] extracts)
    {
        lock (_gate)
        {
            // Nothing about identities changed when every view's identity changes are those of last time.
            if (_lastViews.TryGetValue(snapshot.ProjectId, out var views) && views.Length == extracts.Length
                && _last.TryGetValue(snapshot.ProjectId, out var previous) && previous.Graph.DistinctToPerson.Length <= snapshot.DistinctIds.Count
                && views.Zip(extracts).All(pair => ReferenceEquals(pair.First, pair.Second) || SameChanges(pair.First.Identity, pair.Second.Identity)))
            {
                var extended = previous.Graph.Extend(snapshot);
                _last[snapshot.ProjectId] = (previous.Ops, extended);
                _lastViews[snapshot.ProjectId] = extracts;
                return extended;
            }

            _lastViews[snapshot.ProjectId] = extracts;
        }

        var count = 0;
        foreach (var extract in extracts)
        {
            count += extract.Identity.Length;
        }

        var ops = new IdentityOp[count];
        var at = 0;
        for (var view = 0; view < extracts.Length; view++)
        {
            foreach (var op in extracts[view].Identity)
            {
                ops[at++] = op with { Arrival = Arrivals.Of(view, op.Arrival) };
            }
        }

        IdentityGraph.Sort(ops);
        lock (_gate)
        {
            if (_last.TryGetValue(snapshot.ProjectId, out var last) && last.Graph.DistinctToPerson.Length <= snapshot.DistinctIds.Count && SameChanges(last.Ops, ops))
            {
                var extended = last.Graph.Extend(snapshot);
                _last[snapshot.ProjectId] = (ops, extended);
                return extended;
            }
        }

        var graph = IdentityGraph.Build(snapshot, ops);
        lock (_gate)
        {
            _last[snapshot.ProjectId] = (ops, graph);
        }

        return graph;
    }

    /// <summary>Whether two sorted lists hold the same identity changes in the same order (where rows sit does not matter).</summary>
    private static bool SameChanges(IdentityOp[] a, IdentityOp[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            var x = a[i];
            var y = b[i];
            if (x.Timestamp != y.Timestamp || x.Distinct != y.Distinct || x.Kind != y.Kind || !x.Others.AsSpan().SequenceEqual(y.Others))
            {
                return false;
            }
        }

        return true;
    }

    internal static PersonMap Build(ProjectSnapshot snapshot, IReadOnlyList<ViewExtract> extracts) =>
        Build(snapshot, extracts, IdentityGraph.Build(snapshot, CollectSorted(extracts)));

    private static IdentityOp[] CollectSorted(IReadOnlyList<ViewExtract> extracts)
    {
        var ops = extracts.SelectMany((e, i) => e.Identity.Select(op => op with { Arrival = Arrivals.Of(i, op.Arrival) })).ToArray();
        IdentityGraph.Sort(ops);
        return ops;
    }

    private static PersonMap Build(ProjectSnapshot snapshot, IReadOnlyList<ViewExtract> extracts, IdentityGraph graph)
    {
        var details = new PeopleDetails(graph, extracts);
        return new PersonMap(snapshot, graph.DistinctToPerson, graph.PersonCount, new PersonIdList(graph), key => details.FoldProperty(key))
        {
            Details = details,
        };
    }

    private static readonly Guid PersonNamespace = new("0b6a3c5e-8f2d-4e71-a9c4-5d17e2f08b93");

    /// <summary>
    /// The stable id of the person named after <paramref name="primaryDistinctId"/> in a project: a name-based
    /// UUID (RFC 9562 version 5, SHA-1) of the project id and the distinct id, hashed without allocating.
    /// </summary>
    public static Guid PersonId(Guid projectId, string primaryDistinctId)
    {
        ArgumentNullException.ThrowIfNull(primaryDistinctId);
        var length = 32 + System.Text.Encoding.UTF8.GetMaxByteCount(primaryDistinctId.Length);
        var rented = length > 512 ? System.Buffers.ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> input = rented ?? stackalloc byte[512];
        PersonNamespace.TryWriteBytes(input, bigEndian: true, out _);
        projectId.TryWriteBytes(input[16..], bigEndian: true, out _);
        var written = 32 + System.Text.Encoding.UTF8.GetBytes(primaryDistinctId, input[32..]);
        Span<byte> hash = stackalloc byte[20];
        System.Security.Cryptography.SHA1.HashData(input[..written], hash);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }

        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>Person ids as a list, each computed on first use (most queries never ask; exports and the People page do).</summary>
    private sealed class PersonIdList(IdentityGraph graph) : IReadOnlyList<Guid>
    {
        public int Count => graph.PersonCount;

        public Guid this[int index] => index >= 0 && index < graph.PersonCount
            ? graph.Ids.Get(index, graph.PrimaryIds)
            : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<Guid> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
