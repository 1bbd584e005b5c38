namespace Yunying.Analytics.Query.Lifecycle;

/// <summary>Asks for the persons of one lifecycle bar (one status in one interval), one page of them, ordered by person id.</summary>
/// <param name="Date">The interval, as the answer's <c>labels</c> name it (<c>2026-11-02</c>: a day, a week by its Monday, a month by its 1st).</param>
/// <param name="Status"><c>new</c>, <c>returning</c>, <c>resurrecting</c> or <c>dormant</c> (active in the interval before, not in this one).</param>
/// <param name="Limit">Page size, 1–10,000; default 100.</param>
/// <param name="Offset">Persons to skip.</param>
public sealed record LifecyclePeopleOptions(string Date, string Status, int Limit = 100, int Offset = 0);
