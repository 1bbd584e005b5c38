using Yunying.Core.Results;

namespace Yunying.Analytics.Query;

/// <summary>
/// The hook for "in cohort" filters and breakdowns: finds which persons of a query's
/// <see cref="QueryContext.Persons"/> belong to a cohort. Without an implementation, cohort filters and
/// breakdowns answer "cohorts are not available".
/// </summary>
public interface ICohortResolver
{
    /// <summary>Reads the project's saved cohorts before a query runs, so that resolving them later needs no I/O.</summary>
    Task PrepareAsync(Guid projectId, CancellationToken cancellationToken);

    /// <summary>The members of cohort <paramref name="cohortId"/> as person ordinals of <paramref name="context"/>, with its name; or why not (unknown cohort…).</summary>
    Result<CohortMembers> Resolve(string cohortId, QueryContext context);
}

/// <summary>A cohort's name and its members in one query's person map.</summary>
/// <param name="Name">The cohort's name (a breakdown's label).</param>
/// <param name="Members">Its persons.</param>
public sealed record CohortMembers(string Name, PersonSet Members);
