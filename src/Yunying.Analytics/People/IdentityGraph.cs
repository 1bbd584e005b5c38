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
    private IdentityGraph(int[] distinctToPerson, int personCount, int[] memberStarts, int[] members, string[] primaryIds, bool[] identified, string[][] extraIds, IReadOnlyList<RefusedMerge> refused, PersonIdIndex ids)
    {
        Ids = ids;
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

    /// <summary>Person ids, computed on first use and shared with graphs extended from this one.</summary>
    public PersonIdIndex Ids { get; }

    public ReadOnlySpan<int> MembersOf(int person) => Members.AsSpan(MemberStarts[person], MemberStarts[person + 1] - MemberStarts[person]);

    /// <summary>
    /// This graph for a newer snapshot of the same identity changes: distinct ids first seen since then are
    /// persons of their own. O(distinct ids), no fold.
    /// </summary>
    public IdentityGraph Extend(ProjectSnapshot snapshot)
    {
        var real = snapshot.DistinctIds.Count;
        var added = real - DistinctToPerson.Length;
        if (added <= 0)
        {
            return this;
        }

        var map = new int[real];
        DistinctToPerson.CopyTo(map, 0);
        var starts = new int[PersonCount + added + 1];
        MemberStarts.CopyTo(starts, 0);
        var members = new int[real];
        Members.CopyTo(members, 0);
        var primary = new string[PersonCount + added];
        PrimaryIds.CopyTo(primary, 0);
        var identified = new bool[PersonCount + added];
        Identified.CopyTo(identified, 0);
        var extra = new string[PersonCount + added][];
        ExtraIds.CopyTo(extra, 0);
        for (var i = 0; i < added; i++)
        {
            var ordinal = DistinctToPerson.Length + i;
            var person = PersonCount + i;
            map[ordinal] = person;
            members[MemberStarts[PersonCount] + i] = ordinal;
            starts[person + 1] = starts[person] + 1;
            primary[person] = snapshot.DistinctIds[ordinal];
            extra[person] = [];
        }

        return new IdentityGraph(map, PersonCount + added, starts, members, primary, identified, extra, Refused, Ids);
    }

    /// <summary>Orders identity changes: event time, then arrival.</summary>
    public static void Sort(IdentityOp[] ops) => Array.Sort(ops, default(ByTimeThenArrival));

    /// <summary>Applies <paramref name="ops"/> (already in <see cref="Sort"/> order).</summary>
    public static IdentityGraph Build(ProjectSnapshot snapshot, IdentityOp[] ops)
    {
        var builder = new Builder(snapshot);
        foreach (var op in ops)
        {
            builder.Apply(op);
        }

        return builder.Finish();
    }

    private readonly struct ByTimeThenArrival : IComparer<IdentityOp>
    {
        public int Compare(IdentityOp a, IdentityOp b)
        {
            var c = a.Timestamp.CompareTo(b.Timestamp);
            return c != 0 ? c : a.Arrival.CompareTo(b.Arrival);
        }
    }

    /// <summary>
    /// Slots are persons while folding: slot i starts as distinct ordinal i alone. Each slot's members are a
    /// linked list through <c>_next</c>; merges move the smaller list into the larger.
    /// </summary>
    private sealed class Builder
    {
        private readonly ProjectSnapshot _snapshot;
        private readonly int _real;
        private readonly Dictionary<string, int> _virtual = new(StringComparer.Ordinal);
        private readonly List<string> _virtualNames = [];
        private readonly List<RefusedMerge> _refused = [];
        private int[] _slotOf;   // per ordinal
        private int[] _next;     // per ordinal: next member of the same slot, -1 at the end
        private int[] _head;     // per slot: first member, -1 when empty
        private int[] _tail;     // per slot: last member
        private int[] _size;     // per slot
        private int[] _primary;  // per slot: the ordinal the person is named after
        private bool[] _identified; // per slot
        private int _ordinals;
        private int _slots;

        public Builder(ProjectSnapshot snapshot)
        {
            _snapshot = snapshot;
            _real = snapshot.DistinctIds.Count;
            var capacity = Math.Max(16, _real + (_real / 16));
            _slotOf = new int[capacity];
            _next = new int[capacity];
            _head = new int[capacity];
            _tail = new int[capacity];
            _size = new int[capacity];
            _primary = new int[capacity];
            _identified = new bool[capacity];
            for (var i = 0; i < _real; i++)
            {
                _slotOf[i] = i;
                _next[i] = -1;
                _head[i] = i;
                _tail[i] = i;
                _size[i] = 1;
                _primary[i] = i;
            }

            _ordinals = _real;
            _slots = _real;
        }

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

        /// <summary>
        /// Makes one person of slots <paramref name="from"/> and <paramref name="into"/>, named as <paramref name="into"/>
        /// was. The smaller member list is relabelled, so the surviving slot may be either; callers look slots up again.
        /// </summary>
        private void Merge(int from, int into)
        {
            var keep = _size[from] > _size[into] ? from : into;
            var gone = keep == from ? into : from;
            for (var m = _head[gone]; m >= 0; m = _next[m])
            {
                _slotOf[m] = keep;
            }

            if (_head[gone] >= 0)
            {
                if (_head[keep] < 0)
                {
                    _head[keep] = _head[gone];
                }
                else
                {
                    _next[_tail[keep]] = _head[gone];
                }

                _tail[keep] = _tail[gone];
            }

            _size[keep] += _size[gone];
            _primary[keep] = _primary[into];
            _identified[keep] = _identified[from] | _identified[into];
            _head[gone] = -1;
            _tail[gone] = -1;
            _size[gone] = 0;
        }

        private void Detach(int ordinal)
        {
            var slot = _slotOf[ordinal];
            if (_size[slot] <= 1)
            {
                return;
            }

            var previous = -1;
            for (var m = _head[slot]; m >= 0; previous = m, m = _next[m])
            {
                if (m != ordinal)
                {
                    continue;
                }

                if (previous < 0)
                {
                    _head[slot] = _next[m];
                }
                else
                {
                    _next[previous] = _next[m];
                }

                if (_tail[slot] == m)
                {
                    _tail[slot] = previous;
                }

                break;
            }

            _size[slot]--;
            if (_primary[slot] == ordinal)
            {
                _primary[slot] = _head[slot];
            }

            var fresh = NewSlot();
            _slotOf[ordinal] = fresh;
            _next[ordinal] = -1;
            _head[fresh] = ordinal;
            _tail[fresh] = ordinal;
            _size[fresh] = 1;
            _primary[fresh] = ordinal;
        }

        private int Ordinal(string distinctId)
        {
            if (_snapshot.DistinctIds.TryGetId(distinctId, out var ordinal))
            {
                return ordinal;
            }

            if (!_virtual.TryGetValue(distinctId, out ordinal))
            {
                ordinal = _ordinals++;
                Grow(Math.Max(_ordinals, _slots + 1));
                _virtual[distinctId] = ordinal;
                _virtualNames.Add(distinctId);
                var slot = NewSlot();
                _slotOf[ordinal] = slot;
                _next[ordinal] = -1;
                _head[slot] = ordinal;
                _tail[slot] = ordinal;
                _size[slot] = 1;
                _primary[slot] = ordinal;
            }

            return ordinal;
        }

        private int NewSlot()
        {
            Grow(_slots + 1);
            var slot = _slots++;
            _identified[slot] = false;
            return slot;
        }

        private void Grow(int needed)
        {
            if (needed <= _slotOf.Length)
            {
                return;
            }

            var size = Math.Max(needed, _slotOf.Length * 2);
            Array.Resize(ref _slotOf, size);
            Array.Resize(ref _next, size);
            Array.Resize(ref _head, size);
            Array.Resize(ref _tail, size);
            Array.Resize(ref _size, size);
            Array.Resize(ref _primary, size);
            Array.Resize(ref _identified, size);
        }

        private string Name(int ordinal) => ordinal < _real ? _snapshot.DistinctIds[ordinal] : _virtualNames[ordinal - _real];

        public IdentityGraph Finish()
        {
            // Dense persons in order of their first distinct ordinal; persons with no events are left out.
            var dense = new int[_slots];
            Array.Fill(dense, -1);
            var map = new int[_real];
            var personCount = 0;
            for (var ordinal = 0; ordinal < _real; ordinal++)
            {
                var slot = _slotOf[ordinal];
                if (dense[slot] < 0)
                {
                    dense[slot] = personCount++;
                }

                map[ordinal] = dense[slot];
            }

            var starts = new int[personCount + 1];
            foreach (var person in map)
            {
                starts[person + 1]++;
            }

            for (var p = 0; p < personCount; p++)
            {
                starts[p + 1] += starts[p];
            }

            var members = new int[_real];
            var fill = starts[..^1];
            for (var ordinal = 0; ordinal < _real; ordinal++)
            {
                members[fill[map[ordinal]]++] = ordinal;
            }

            var primaryIds = new string[personCount];
            var identified = new bool[personCount];
            var extra = new string[personCount][];
            for (var slot = 0; slot < _slots; slot++)
            {
                var person = dense[slot];
                if (person >= 0)
                {
                    primaryIds[person] = Name(_primary[slot]);
                    identified[person] = _identified[slot];
                    extra[person] = [];
                }
            }

            foreach (var (name, ordinal) in _virtual)
            {
                var person = dense[_slotOf[ordinal]];
                if (person >= 0)
                {
                    extra[person] = [.. extra[person], name];
                }
            }

            return new IdentityGraph(map, personCount, starts, members, primaryIds, identified, extra, _refused, new PersonIdIndex(_snapshot.ProjectId));
        }
    }
}
