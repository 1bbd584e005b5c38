namespace Yunying.Analytics.Query;

/// <summary>Asks for the persons counted in one point of a trends line, one page of them, ordered by person id.</summary>
/// <param name="Series">The series (0 = A).</param>
/// <param name="Date">The point's interval, as the answer's <c>labels</c> name it (<c>2026-11-02</c>, or <c>2026-11-02 13:00</c> for hours).</param>
/// <param name="Breakdown">Only persons in this breakdown bucket (as the answer's lines name them).</param>
/// <param name="Compare"><c>previous</c> for a point of the compared period; default the current one.</param>
/// <param name="Limit">Page size, 1–10,000; default 100.</param>
/// <param name="Offset">Persons to skip.</param>
public sealed record TrendsPeopleOptions(int Series, string Date, BreakdownBucket? Breakdown = null, string? Compare = null, int Limit = 100, int Offset = 0);
