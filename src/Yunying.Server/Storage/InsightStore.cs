using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Yunying.Analytics.Insights;
using Yunying.Analytics.Query;
using Yunying.Data;
using Yunying.Data.Analytics;

namespace Yunying.Server.Storage;

/// <summary>Saved insights and dashboards in the state store (tables <c>insights</c>, <c>dashboards</c>, <c>dashboard_tiles</c>).</summary>
public sealed class InsightStore(IServiceScopeFactory scopes) : IInsightStore
{
    public async Task<IReadOnlyList<InsightDefinition>> ListInsightsAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YunyingDbContext>();
        var rows = await db.Insights.AsNoTracking().Where(i => i.ProjectId == projectId).ToListAsync(cancellationToken);
        return [.. rows.Select(ToDefinition)];
    }

    public async Task SaveInsightAsync(InsightDefinition insight, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(insight);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YunyingDbContext>();
        var row = await db.Insights.SingleOrDefaultAsync(i => i.Id == insight.Id && i.ProjectId == insight.ProjectId, cancellationToken);
        if (row is null)
        {
            row = new SavedInsight { Id = insight.Id, ProjectId = insight.ProjectId, CreatedAt = insight.CreatedAt.UtcDateTime };
            db.Insights.Add(row);
        }

        row.Name = insight.Name;
        row.Description = insight.Description;
        row.Query = insight.Query.GetRawText();
        row.Display = insight.Display;
        row.UpdatedAt = insight.UpdatedAt.UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> DeleteInsightAsync(Guid projectId, Guid insightId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YunyingDbContext>();
        var mine = db.Insights.Where(i => i.Id == insightId && i.ProjectId == projectId);
        if (!await mine.AnyAsync(cancellationToken))
        {
            return false;
        }

        // SQLite enforces the cascade only with foreign keys on; say it in so many words for both providers.
        await db.Set<SavedDashboardTile>().Where(t => t.InsightId == insightId).ExecuteDeleteAsync(cancellationToken);
        return await mine.ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<DashboardDefinition>> ListDashboardsAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YunyingDbContext>();
        var rows = await db.Dashboards.AsNoTracking().Include(d => d.Tiles).Where(d => d.ProjectId == projectId).ToListAsync(cancellationToken);
        return [.. rows.Select(ToDefinition)];
    }

    public async Task SaveDashboardAsync(DashboardDefinition dashboard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YunyingDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = await db.Dashboards.SingleOrDefaultAsync(d => d.Id == dashboard.Id && d.ProjectId == dashboard.ProjectId, cancellationToken);
        if (row is null)
        {
            row = new SavedDashboard { Id = dashboard.Id, ProjectId = dashboard.ProjectId, CreatedAt = dashboard.CreatedAt.UtcDateTime };
            db.Dashboards.Add(row);
        }

        row.Name = dashboard.Name;
        row.Description = dashboard.Description;
        row.DateFrom = dashboard.DateRange?.From;
        row.DateTo = dashboard.DateRange?.To;
        row.UpdatedAt = dashboard.UpdatedAt.UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);

        await db.Set<SavedDashboardTile>().Where(t => t.DashboardId == dashboard.Id).ExecuteDeleteAsync(cancellationToken);
        db.Set<SavedDashboardTile>().AddRange(dashboard.Tiles.Select((t, i) => new SavedDashboardTile { DashboardId = dashboard.Id, InsightId = t.InsightId, Position = i, Width = t.Width }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> DeleteDashboardAsync(Guid projectId, Guid dashboardId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YunyingDbContext>();
        if (!await db.Dashboards.AnyAsync(d => d.Id == dashboardId && d.ProjectId == projectId, cancellationToken))
        {
            return false;
        }

        await db.Set<SavedDashboardTile>().Where(t => t.DashboardId == dashboardId).ExecuteDeleteAsync(cancellationToken);
        return await db.Dashboards.Where(d => d.Id == dashboardId && d.ProjectId == projectId).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    private static InsightDefinition ToDefinition(SavedInsight row)
    {
        using var query = JsonDocument.Parse(row.Query);
        return new InsightDefinition(
            row.Id,
            row.ProjectId,
            row.Name,
            row.Description,
            query.RootElement.Clone(),
            row.Display,
            new DateTimeOffset(row.CreatedAt, TimeSpan.Zero),
            new DateTimeOffset(row.UpdatedAt, TimeSpan.Zero));
    }

    private static DashboardDefinition ToDefinition(SavedDashboard row) => new(
        row.Id,
        row.ProjectId,
        row.Name,
        row.Description,
        row.DateFrom is null && row.DateTo is null ? null : new DateRange(row.DateFrom, row.DateTo),
        [.. row.Tiles.OrderBy(t => t.Position).Select(t => new DashboardTile(t.InsightId, t.Width))],
        new DateTimeOffset(row.CreatedAt, TimeSpan.Zero),
        new DateTimeOffset(row.UpdatedAt, TimeSpan.Zero));
}
