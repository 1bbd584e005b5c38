using System.Collections.Concurrent;

namespace Yunying.Analytics.Cohorts;

/// <summary>
/// Cohorts kept in this process only: the default when a host registers no state-store implementation
/// (benchmarks, tools). The server and the CLI register one over the state store.
/// </summary>
public sealed class InMemoryCohortStore : ICohortStore
{
    private readonly ConcurrentDictionary<(Guid Project, Guid Cohort), CohortDefinition> _cohorts = new();

    public Task<IReadOnlyList<CohortDefinition>> ListAsync(Guid projectId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CohortDefinition>>([.. _cohorts.Where(c => c.Key.Project == projectId).Select(c => c.Value)]);

    public Task SaveAsync(CohortDefinition cohort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        _cohorts[(cohort.ProjectId, cohort.Id)] = cohort;
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(Guid projectId, Guid cohortId, CancellationToken cancellationToken) =>
        Task.FromResult(_cohorts.TryRemove((projectId, cohortId), out _));
}
