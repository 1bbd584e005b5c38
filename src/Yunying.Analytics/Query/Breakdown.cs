namespace Yunying.Analytics.Query;

/// <summary>
/// Splits results by the values of one event or person property: the <paramref name="Limit"/> values with
/// the most matching events, the rest together as "(other)", and events without the value as "(none)".
/// With <c>type</c> <c>cohort</c> it splits them by cohort instead: each person under the first of the
/// listed cohorts that holds them (labelled with its name), everyone else under "(none)".
/// </summary>
/// <param name="Property">The property key; for a cohort breakdown, one cohort id or several, comma-separated.</param>
/// <param name="Type">Whose property: <c>event</c> (default) or <c>person</c>; or <c>cohort</c>.</param>
/// <param name="Limit">How many values to keep before "(other)"; default 25, at most 1000.</param>
public sealed record Breakdown(string Property, PropertyScope Type = PropertyScope.Event, int Limit = Breakdown.DefaultLimit)
{
    public const int DefaultLimit = 25;

    public const int MaxLimit = 1000;
}
