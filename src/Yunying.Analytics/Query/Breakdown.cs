namespace Yunying.Analytics.Query;

/// <summary>
/// Splits results by the values of one event or person property: the <paramref name="Limit"/> values with
/// the most matching events, the rest together as "(other)", and events without the value as "(none)".
/// </summary>
/// <param name="Property">The property key.</param>
/// <param name="Type">Whose property: <c>event</c> (default) or <c>person</c>.</param>
/// <param name="Limit">How many values to keep before "(other)"; default 25, at most 1000.</param>
public sealed record Breakdown(string Property, PropertyScope Type = PropertyScope.Event, int Limit = Breakdown.DefaultLimit)
{
    public const int DefaultLimit = 25;

    public const int MaxLimit = 1000;
}
