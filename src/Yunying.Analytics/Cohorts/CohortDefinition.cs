namespace Yunying.Analytics.Cohorts;

/// <summary>A saved cohort: dynamic (a <see cref="Rule"/>) or static (a fixed list of distinct ids).</summary>
/// <param name="Id">The cohort's id.</param>
/// <param name="ProjectId">Its project.</param>
/// <param name="Name">Its name.</param>
/// <param name="Description">What it is for.</param>
/// <param name="Rule">The rule of a dynamic cohort; null for a static one.</param>
/// <param name="DistinctIds">The ids of a static cohort (their persons are the members); null for a dynamic one.</param>
/// <param name="CreatedAt">When it was saved first.</param>
/// <param name="UpdatedAt">When it was changed last.</param>
public sealed record CohortDefinition(
    Guid Id, Guid ProjectId, string Name, string? Description, CohortRule? Rule, IReadOnlyList<string>? DistinctIds, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public bool IsStatic => Rule is null;
}

/// <summary>What a client sends to create or change a cohort: a rule (dynamic), distinct ids or a people query (static); one of them.</summary>
/// <param name="Name">Its name (1–100 characters).</param>
/// <param name="Description">What it is for.</param>
/// <param name="Rule">The rule of a dynamic cohort.</param>
/// <param name="DistinctIds">The ids of a static cohort (for example from a CSV).</param>
/// <param name="Query">A <c>people</c> query whose persons, as they are now, become a static cohort (their distinct ids are kept).</param>
public sealed record CohortInput(
    string Name, string? Description = null, CohortRule? Rule = null, IReadOnlyList<string>? DistinctIds = null, Query.PersonList.PeopleQuery? Query = null);

/// <summary>A cohort's size at the end of each interval.</summary>
/// <param name="Interval">day, week or month.</param>
/// <param name="Labels">Each interval's local start, as in trends (<c>2026-11-01</c>).</param>
/// <param name="Sizes">Members at the end of each interval (or now, for the current one).</param>
public sealed record CohortSizes(string Interval, IReadOnlyList<string> Labels, IReadOnlyList<int> Sizes);

/// <summary>A cohort as the API shows it, with its current size.</summary>
/// <param name="Cohort">The saved cohort.</param>
/// <param name="Size">Its members now (persons).</param>
public sealed record CohortView(CohortDefinition Cohort, int Size);

/// <summary>Saved cohorts. The host implements it over its state store.</summary>
public interface ICohortStore
{
    Task<IReadOnlyList<CohortDefinition>> ListAsync(Guid projectId, CancellationToken cancellationToken);

    Task SaveAsync(CohortDefinition cohort, CancellationToken cancellationToken);

    /// <summary>False when there was no such cohort.</summary>
    Task<bool> DeleteAsync(Guid projectId, Guid cohortId, CancellationToken cancellationToken);
}
