using Yunying.Core.Results;

namespace Yunying.Analytics.Query;

/// <summary>
/// The hook for "in cohort" filters and breakdowns: finds which persons of a query's
/// <see cref="QueryContext.Persons"/> belong to a cohort. Until cohorts exist no implementation is
/// registered, and cohort filters answer "cohorts are not available yet".
/// </summary>
public interface ICohortResolver
{
    /// <summary>The members of cohort <paramref name="cohortId"/> as person ordinals of <paramref name="context"/>, or why not (unknown cohort…).</summary>
    Result<PersonSet> Resolve(string cohortId, QueryContext context);
}
