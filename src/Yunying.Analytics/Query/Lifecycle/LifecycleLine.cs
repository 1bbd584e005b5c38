namespace Yunying.Analytics.Query.Lifecycle;

/// <summary>Persons of one lifecycle status per interval.</summary>
/// <param name="Status"><c>new</c>, <c>returning</c>, <c>resurrecting</c> or <c>dormant</c>.</param>
/// <param name="Values">Persons per interval; negative for <c>dormant</c> (drawn below the axis).</param>
/// <param name="Total">The sum of <paramref name="Values"/>.</param>
public sealed record LifecycleLine(string Status, IReadOnlyList<long> Values, long Total)
{
    public const string New = "new";
    public const string Returning = "returning";
    public const string Resurrecting = "resurrecting";
    public const string Dormant = "dormant";
}
