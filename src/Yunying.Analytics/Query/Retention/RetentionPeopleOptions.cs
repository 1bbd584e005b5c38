namespace Yunying.Analytics.Query.Retention;

/// <summary>Asks for the persons of one retention cell, one page of them, ordered by person id.</summary>
/// <param name="Cohort">The cohort, as the answer's cohort <c>label</c> names it (<c>2026-11-02</c>).</param>
/// <param name="Period">The period after the cohort's own (0 = the cohort itself).</param>
/// <param name="Breakdown">The breakdown bucket whose matrix holds the cell (as the answer's matrices name them).</param>
/// <param name="Limit">Page size, 1–10,000; default 100.</param>
/// <param name="Offset">Persons to skip.</param>
public sealed record RetentionPeopleOptions(string Cohort, int Period = 0, BreakdownBucket? Breakdown = null, int Limit = 100, int Offset = 0);
