using Yunying.Analytics.Cohorts;
using Yunying.Core.Results;

namespace Yunying.Analytics.Query.PersonList;

/// <summary>
/// People (用户细查): the persons who did <c>event</c> (any event when absent) passing <c>properties</c> in
/// <c>dateRange</c> (all time when absent), who also match <c>rule</c> (a cohort rule: did / did not do X in
/// the last N days, at least k times, A then B, person properties, lifecycle state, other cohorts, with
/// and / or / not) and <c>search</c>; most recently seen first, a page at a time. Each person's profile and
/// timeline are at <c>/api/projects/{projectId}/people/{personId}</c>.
/// </summary>
public sealed record PeopleQuery : AnalyticsQuery
{
    public const int DefaultLimit = 100;

    public const int MaxLimit = 1000;

    /// <summary>The event the persons did in the range; absent for any event.</summary>
    public string? Event { get; init; }

    /// <summary>A cohort rule the persons must also match (the rules of saved cohorts).</summary>
    public CohortRule? Rule { get; init; }

    /// <summary>A part of a distinct id or of a person property value.</summary>
    public string? Search { get; init; }

    /// <summary>How many matching persons to skip (default 0).</summary>
    public int Offset { get; init; }

    /// <summary>How many persons to return: 1–1000, default 100.</summary>
    public int Limit { get; init; } = DefaultLimit;

    internal override Result<AnalyticsResult> Run(QueryContext context) => PeopleAnalysis.Run(this, context);
}
