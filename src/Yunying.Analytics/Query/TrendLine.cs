namespace Yunying.Analytics.Query;

/// <summary>One line of a trends answer: a value per time bucket and the value over the whole period.</summary>
public sealed record TrendLine
{
    /// <summary>The series' name (or the formula).</summary>
    public required string Label { get; init; }

    /// <summary>The series' position in the query (0 = A), or -1 for the formula.</summary>
    public required int Series { get; init; }

    /// <summary>The event name; absent for every event and for formulas.</summary>
    public string? Event { get; init; }

    /// <summary>The math, in its canonical name (<c>total</c>, <c>dau</c>…), or <c>formula</c>.</summary>
    public required string Math { get; init; }

    /// <summary>The breakdown bucket; absent without a breakdown.</summary>
    public BreakdownBucket? Breakdown { get; init; }

    /// <summary><c>current</c>, or <c>previous</c> for the compared period; absent without <c>compare</c>.</summary>
    public string? Compare { get; init; }

    /// <summary>Local label of each bucket (<c>2026-11-01</c>, or <c>2026-11-01 13:00</c> for hours).</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Local start of each bucket's interval, with its offset.</summary>
    public required IReadOnlyList<DateTimeOffset> Starts { get; init; }

    /// <summary>The value of each bucket.</summary>
    public required IReadOnlyList<double> Values { get; init; }

    /// <summary>
    /// The value over the whole period: the sum for counts and sums, unique persons over the period for
    /// <c>dau</c>, <c>weekly_active</c> and <c>monthly_active</c>, and the statistic over every event in
    /// the period for averages, extremes and percentiles.
    /// </summary>
    public required double Total { get; init; }
}
