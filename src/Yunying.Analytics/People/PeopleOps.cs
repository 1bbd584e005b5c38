using Yunying.Analytics.Capture;
using Yunying.Events.Reading;

namespace Yunying.Analytics.People;

/// <summary>One identity change read from the event stream, in the order identity resolution applies it.</summary>
/// <param name="Timestamp">Event time (µs); identity changes apply in event-time order, ties in arrival order.</param>
/// <param name="Arrival">The row within its segment view, then (once collected) view index × 2³² + row: arrival order for events of one distinct id at one time.</param>
/// <param name="Distinct">The event's distinct ordinal (the identified side).</param>
/// <param name="Kind">The change.</param>
/// <param name="Others">The other distinct ids: the anonymous id, the alias, or the bound or unbound identities.</param>
internal readonly record struct IdentityOp(long Timestamp, long Arrival, int Distinct, IdentityKind Kind, string[] Others);

/// <summary>What a person-property operation does; the value is the order within one event.</summary>
internal enum PersonOpKind : byte
{
    /// <summary>Sensors <c>profile_delete</c>: every property is removed.</summary>
    DeleteProfile = 0,
    SetOnce = 1,
    Set = 2,
    Increment = 3,
    Append = 4,
    Unset = 5,
}

/// <summary>Positions in arrival order across a snapshot's segment views.</summary>
internal static class Arrivals
{
    /// <summary>The position of row <paramref name="arrival"/> of segment view <paramref name="view"/>.</summary>
    public static long Of(int view, long arrival) => ((long)view << 32) | arrival;
}

/// <summary>One person-property operation on one key, read from an event's reserved properties.</summary>
internal readonly record struct PersonOp(long Timestamp, long Arrival, int Distinct, PersonOpKind Op, PropertyValueKind Kind, double Number, string? Text)
{
    public static int Compare(PersonOp a, PersonOp b)
    {
        var c = a.Timestamp.CompareTo(b.Timestamp);
        if (c != 0)
        {
            return c;
        }

        c = a.Arrival.CompareTo(b.Arrival);
        return c != 0 ? c : ((byte)a.Op).CompareTo((byte)b.Op);
    }

    /// <summary><see cref="Compare"/> as a struct comparer, which sorts inline.</summary>
    public readonly struct InOrder : IComparer<PersonOp>
    {
        public int Compare(PersonOp a, PersonOp b) => PersonOp.Compare(a, b);
    }
}

/// <summary>A group's properties set by <c>$groupidentify</c> (PostHog) or <c>group</c> (Segment).</summary>
internal readonly record struct GroupOp(long Timestamp, long Arrival, int Distinct, string Type, string Key, string? SetJson);

/// <summary>A distinct id seen as a member of a group (through <c>$groups</c> on its events, or a Segment <c>group</c> call).</summary>
internal readonly record struct GroupMembership(int Distinct, string Type, string Key);
