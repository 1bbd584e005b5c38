using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Yunying.Analytics.Cohorts;
using Yunying.Data;
using Yunying.Data.Analytics;

namespace Yunying.Server.Storage;

/// <summary>Saved cohorts in the state store (table <c>cohorts</c>); the rule or ids are kept as JSON text.</summary>
public sealed class CohortStore(IServiceScopeFactory scopes) : ICohortStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<CohortDefinition>> ListAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YunyingDbContext>();
        var rows = await db.Cohorts.AsNoTracking().Where(c => c.ProjectId == projectId).ToListAsync(cancellationToken);
        return [.. rows.Select(ToDefinition)];
    }

    public async Task SaveAsync(CohortDefinition cohort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YunyingDbContext>();
        var row = await db.Cohorts.SingleOrDefaultAsync(c => c.Id == cohort.Id && c.ProjectId == cohort.ProjectId, cancellationToken);
        if (row is null)
        {
            row = new SavedCohort { Id = cohort.Id, ProjectId = cohort.ProjectId, CreatedAt = cohort.CreatedAt.UtcDateTime };
            db.Cohorts.Add(row);
        }

        row.Name = cohort.Name;
        row.Description = cohort.Description;
        row.Definition = JsonSerializer.Serialize(new StoredDefinition(cohort.Rule, cohort.DistinctIds), Json);
        row.UpdatedAt = cohort.UpdatedAt.UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(Guid projectId, Guid cohortId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YunyingDbContext>();
        return await db.Cohorts.Where(c => c.Id == cohortId && c.ProjectId == projectId).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    private static CohortDefinition ToDefinition(SavedCohort row)
    {
        var stored = JsonSerializer.Deserialize<StoredDefinition>(row.Definition, Json) ?? new StoredDefinition(null, []);
        return new CohortDefinition(
            row.Id,
            row.ProjectId,
            row.Name,
            row.Description,
            stored.Rule,
            stored.Rule is null ? stored.DistinctIds ?? [] : null,
            new DateTimeOffset(row.CreatedAt, TimeSpan.Zero),
            new DateTimeOffset(row.UpdatedAt, TimeSpan.Zero));
    }

    private sealed record StoredDefinition(CohortRule? Rule, IReadOnlyList<string>? DistinctIds);
}
