namespace Yunying.Analytics.Query.Retention;

/// <summary>One row of a retention matrix.</summary>
public sealed record RetentionCohort
{
    /// <summary>Local label of the cohort's interval (<c>2026-11-02</c>: a day, a week by its Monday, a month by its 1st).</summary>
    public required string Label { get; init; }

    /// <summary>Local start of the cohort's interval, with its offset.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Persons in the cohort (period 0).</summary>
    public required long Size { get; init; }

    /// <summary>Retained persons per period 0, 1, …: only the periods that have begun by now.</summary>
    public required IReadOnlyList<long> Values { get; init; }

    /// <summary><c>values</c> as a percentage of <c>size</c> (0 for an empty cohort).</summary>
    public required IReadOnlyList<double> Percentages { get; init; }

    /// <summary>True when the last value's period is still running (it holds the query's "now").</summary>
    public required bool LastIncomplete { get; init; }
}
