using System.Runtime.CompilerServices;
using Yunying.Events.Reading;

namespace Yunying.Analytics.People;

/// <summary>
/// Builds person maps from the event stream. Each segment view's identity traffic is read once and cached
/// for as long as the view lives (sealed segments are shared by every later snapshot, so only the in-memory
/// tail is read again); the fold over identity changes is redone per snapshot, which costs in proportion to
/// the identity changes and distinct ids, not to the events.
/// </summary>
public sealed class PersonResolver : IPersonResolver
{
    private readonly ConditionalWeakTable<SegmentView, ViewExtract> _extracts = [];
    private readonly ConditionalWeakTable<ProjectSnapshot, PersonMap> _maps = [];

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

        var map = Build(snapshot, extracts);
        return _maps.GetValue(snapshot, _ => map);
    }

    internal static PersonMap Build(ProjectSnapshot snapshot, IReadOnlyList<ViewExtract> extracts)
    {
        var graph = IdentityGraph.Build(snapshot, extracts.SelectMany((e, i) => e.Identity.Select(op => op with { Arrival = Arrivals.Of(i, op.Arrival) })));
        var personIds = new Guid[graph.PersonCount];
        for (var p = 0; p < personIds.Length; p++)
        {
            personIds[p] = PersonId(snapshot.ProjectId, graph.PrimaryIds[p]);
        }

        var details = new PeopleDetails(graph, extracts);
        return new PersonMap(snapshot, graph.DistinctToPerson, graph.PersonCount, personIds, key => details.FoldProperty(key))
        {
            Details = details,
        };
    }

    /// <summary>The stable id of the person named after <paramref name="primaryDistinctId"/> in a project.</summary>
    public static Guid PersonId(Guid projectId, string primaryDistinctId) =>
        Capture.DeterministicGuid.From($"person:{projectId:N}:{primaryDistinctId}");
}
