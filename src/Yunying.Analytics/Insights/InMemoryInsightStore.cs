using System.Collections.Concurrent;

namespace Yunying.Analytics.Insights;

/// <summary>
/// Insights and dashboards kept in this process only: the default when a host registers no state-store
/// implementation (benchmarks, tools). The server and the CLI register one over the state store.
/// </summary>
public sealed class InMemoryInsightStore : IInsightStore
{
    private readonly ConcurrentDictionary<(Guid Project, Guid Id), InsightDefinition> _insights = new();
    private readonly ConcurrentDictionary<(Guid Project, Guid Id), DashboardDefinition> _dashboards = new();

    public Task<IReadOnlyList<InsightDefinition>> ListInsightsAsync(Guid projectId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<InsightDefinition>>([.. _insights.Where(i => i.Key.Project == projectId).Select(i => i.Value)]);

    public Task SaveInsightAsync(InsightDefinition insight, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(insight);
        _insights[(insight.ProjectId, insight.Id)] = insight;
        return Task.CompletedTask;
    }

    public Task<bool> DeleteInsightAsync(Guid projectId, Guid insightId, CancellationToken cancellationToken)
    {
        if (!_insights.TryRemove((projectId, insightId), out _))
        {
            return Task.FromResult(false);
        }

        foreach (var (key, dashboard) in _dashboards)
        {
            if (key.Project == projectId && dashboard.Tiles.Any(t => t.InsightId == insightId))
            {
                _dashboards[key] = dashboard with { Tiles = [.. dashboard.Tiles.Where(t => t.InsightId != insightId)] };
            }
        }

        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<DashboardDefinition>> ListDashboardsAsync(Guid projectId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DashboardDefinition>>([.. _dashboards.Where(d => d.Key.Project == projectId).Select(d => d.Value)]);

    public Task SaveDashboardAsync(DashboardDefinition dashboard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        _dashboards[(dashboard.ProjectId, dashboard.Id)] = dashboard;
        return Task.CompletedTask;
    }

    public Task<bool> DeleteDashboardAsync(Guid projectId, Guid dashboardId, CancellationToken cancellationToken) =>
        Task.FromResult(_dashboards.TryRemove((projectId, dashboardId), out _));
}
