using Yunying.Analytics.Capture;
using Yunying.Events.Reading;

namespace Yunying.Analytics.People;

/// <summary>A merge identity resolution refused because both sides were already identified people.</summary>
/// <param name="Timestamp">When the refused change happened (UTC µs).</param>
/// <param name="DistinctId">The event's distinct id.</param>
/// <param name="OtherId">The id it asked to merge with.</param>
public sealed record RefusedMerge(long Timestamp, string DistinctId, string OtherId);

/// <summary>
/// The result of applying every identity change of a snapshot in event-time order (ties in arrival order), so the
/// outcome depends only on the events, not on when they arrived:
/// <list type="bullet">
/// <item><c>identify</c> (PostHog <c>$identify</c>, Segment <c>identify</c> with both ids, Sensors <c>track_signup</c>):
/// the anonymous id's person joins the identified id's person, unless it is itself already identified
/// (then the merge is refused and recorded); the target becomes identified.</item>
/// <item><c>alias</c> and Sensors <c>track_id_bind</c>: the two persons join unless both are identified; bind also
/// marks the person identified.</item>
/// <item>Sensors <c>track_id_unbind</c>: the named ids leave their person and become persons of their own.</item>
/// </list>
/// Merges are retroactive: the map applies to every event, whenever it happened.
/// </summary>
internal sealed class IdentityGraph
{
    private IdentityGraph(int[] distinctToPerson, int personCount, int[] memberStarts, int[] members, string[] primaryIds, bool[] identified, string[][] extraIds, IReadOnlyList<RefusedMerge> refused)
    {
        DistinctToPerson = distinctToPerson;
        PersonCount = personCount;
        MemberStarts = memberStarts;
        Members = members;
        PrimaryIds = primaryIds;
        Identified = identified;
        ExtraIds = extraIds;
        Refused = refused;
    }

    public int[] DistinctToPerson { get; }

    public int PersonCount { get; }

    /// <summary>Person p's distinct ordinals are <c>Members[MemberStarts[p] .. MemberStarts[p+1]]</c>.</summary>
    public int[] MemberStarts { get; }

    public int[] Members { get; }

    /// <summary>The distinct id each person is named after (the identified id, or the first id).</summary>
    public string[] PrimaryIds { get; }

    public bool[] Identified { get; }

    /// <summary>Ids merged into a person that have no events of their own (named only by an identity change).</summary>
    public string[][] ExtraIds { get; }

    public IReadOnlyList<RefusedMerge> Refused { get; }

    public ReadOnlySpan<int> MembersOf(int person) => Members.AsSpan(MemberStarts[person], MemberStarts[person + 1] - MemberStarts[person]);

    public static IdentityGraph Build(ProjectSnapshot snapshot, IEnumerable<IdentityOp> operations)
    {
        var ops = operations.ToArray();
        Array.Sort(ops, static (a, b) =>
        {
            var c = a.Timestamp.CompareTo(b.Timestamp);
            return c != 0 ? c : a.Arrival.CompareTo(b.Arrival);
        });
        var builder = new Builder(snapshot);
        foreach (var op in ops)
        {
            builder.Apply(op);
        }

        return builder.Finish();
    }

    /// <summary>Slots are persons while folding: slot i starts as distinct ordinal i alone.</summary>
    private sealed class Builder(ProjectSnapshot snapshot)
    {
        private readonly int _real = snapshot.DistinctIds.Count;
        private readonly Dictionary<string, int> _virtual = new(StringComparer.Ordinal);
        private readonly List<string> _virtualNames = [];
        private readonly Dictionary<int, List<int>> _members = [];
        private readonly Dictionary<int, int> _primary = [];
        private readonly List<RefusedMerge> _refused = [];
        private int[] _slotOf = Enumerable.Range(0, snapshot.DistinctIds.Count).ToArray();
        private bool[] _identified = new bool[snapshot.DistinctIds.Count];
        private int _slots = snapshot.DistinctIds.Count;

        public void Apply(IdentityOp op)
        {
            var target = op.Distinct;
            switch (op.Kind)
            {
                case IdentityKind.Identify:
                    Identify(op, target, Ordinal(op.Others[0]));
                    break;
                case IdentityKind.Alias:
                    Join(op, target, Ordinal(op.Others[0]), markIdentified: false);
                    break;
                case IdentityKind.Bind:
                    foreach (var other in op.Others)
                    {
                        Join(op, target, Ordinal(other), markIdentified: true);
                    }

                    break;
                case IdentityKind.Unbind:
                    foreach (var other in op.Others)
                    {
                        Detach(Ordinal(other));
                    }

                    break;
            }
        }

        private void Identify(IdentityOp op, int target, int anonymous)
        {
            var into = _slotOf[target];
            var from = _slotOf[anonymous];
            if (from != into)
            {
                if (_identified[from])
                {
                    _refused.Add(new RefusedMerge(op.Timestamp, Name(target), Name(anonymous)));
                }
                else
                {
                    Merge(from, into);
                }
            }

            _identified[_slotOf[target]] = true;
        }

        private void Join(IdentityOp op, int target, int other, bool markIdentified)
        {
            var a = _slotOf[target];
            var b = _slotOf[other];
            if (a != b)
            {
                if (_identified[a] && _identified[b])
                {
                    _refused.Add(new RefusedMerge(op.Timestamp, Name(target), Name(other)));
                }
                else if (_identified[b])
                {
                    Merge(a, b);
                }
                else
                {
                    Merge(b, a);
                }
            }

            if (markIdentified)
            {
                _identified[_slotOf[target]] = true;
            }
        }

        private void Detach(int ordinal)
        {
            var slot = _slotOf[ordinal];
            var members = MembersOf(slot);
            if (members.Count <= 1)
            {
                return;
            }

            members.Remove(ordinal);
            if (Primary(slot) == ordinal)
            {
                _primary[slot] = members[0];
            }

            var fresh = NewSlot();
            _slotOf[ordinal] = fresh;
            _members[fresh] = [ordinal];
            _primary[fresh] = ordinal;
        }

        /// <summary>Moves every member of slot <paramref name="from"/> into <paramref name="into"/>; the target keeps its name.</summary>
        private void Merge(int from, int into)
        {
            var source = MembersOf(from);
            var target = MembersOf(into);
            foreach (var ordinal in source)
            {
                _slotOf[ordinal] = into;
            }

            target.AddRange(source);
            source.Clear();
            _identified[into] |= _identified[from];
        }

        private List<int> MembersOf(int slot)
        {
            if (!_members.TryGetValue(slot, out var list))
            {
                list = slot < _slotOf.Length && _slotOf[slot] == slot ? [slot] : [];
                _members[slot] = list;
            }

            return list;
        }

        private int Primary(int slot) => _primary.TryGetValue(slot, out var primary) ? primary : slot;

        private int Ordinal(string distinctId)
        {
            if (snapshot.DistinctIds.TryGetId(distinctId, out var ordinal))
            {
                return ordinal;
            }

            if (!_virtual.TryGetValue(distinctId, out ordinal))
            {
                ordinal = _real + _virtualNames.Count;
                _virtual[distinctId] = ordinal;
                _virtualNames.Add(distinctId);
                var slot = NewSlot();
                EnsureOrdinal(ordinal);
                _slotOf[ordinal] = slot;
                _members[slot] = [ordinal];
                _primary[slot] = ordinal;
            }

            return ordinal;
        }

        private void EnsureOrdinal(int ordinal)
        {
            if (ordinal >= _slotOf.Length)
            {
                Array.Resize(ref _slotOf, Math.Max(ordinal + 1, _slotOf.Length * 2));
            }
        }

        private int NewSlot()
        {
            var slot = _slots++;
            if (slot >= _identified.Length)
            {
                Array.Resize(ref _identified, Math.Max(slot + 1, _identified.Length * 2));
            }

            // A fresh slot's index may equal a not-yet-used virtual ordinal; its members are always explicit.
            _members[slot] = [];
            return slot;
        }

        private string Name(int ordinal) => ordinal < _real ? snapshot.DistinctIds[ordinal] : _virtualNames[ordinal - _real];

        public IdentityGraph Finish()
        {
            // Dense persons in order of their first distinct ordinal; persons with no events are left out.
            var dense = new Dictionary<int, int>();
            var map = new int[_real];
            var counts = new List<int>();
            for (var ordinal = 0; ordinal < _real; ordinal++)
            {
                var slot = _slotOf[ordinal];
                if (!dense.TryGetValue(slot, out var person))
                {
                    person = dense.Count;
                    dense[slot] = person;
                    counts.Add(0);
                }

                map[ordinal] = person;
                counts[person]++;
            }

            var personCount = dense.Count;
            var starts = new int[personCount + 1];
            for (var p = 0; p < personCount; p++)
            {
                starts[p + 1] = starts[p] + counts[p];
            }

            var members = new int[_real];
            var fill = starts[..^1].ToArray();
            for (var ordinal = 0; ordinal < _real; ordinal++)
            {
                members[fill[map[ordinal]]++] = ordinal;
            }

            var primaryIds = new string[personCount];
            var identified = new bool[personCount];
            var extra = new string[personCount][];
            foreach (var (slot, person) in dense)
            {
                primaryIds[person] = Name(Primary(slot));
                identified[person] = slot < _identified.Length && _identified[slot];
                extra[person] = [];
            }

            foreach (var (name, ordinal) in _virtual)
            {
                if (dense.TryGetValue(_slotOf[ordinal], out var person))
                {
                    extra[person] = [.. extra[person], name];
                }
            }

            return new IdentityGraph(map, personCount, starts, members, primaryIds, identified, extra, _refused);
        }
    }
}
