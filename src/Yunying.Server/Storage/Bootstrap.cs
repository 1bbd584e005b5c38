using Microsoft.EntityFrameworkCore;
using Yunying.Analytics.Demo;
using Yunying.Core.Results;
using Yunying.Core.Security;
using Yunying.Core.Tenancy;
using Yunying.Data;
using Yunying.Data.Operators;
using Yunying.Data.Tenancy;
using Yunying.Events;

namespace Yunying.Server.Storage;

/// <summary>
/// What the first start creates: an organisation, a project and an owner account with a one-time
/// generated password (never a fixed default); and, when asked, the demo organisation and project.
/// </summary>
public sealed class Bootstrap(YunyingDbContext db, OperatorService operators, ProjectService projects)
{
    public const string OwnerUserName = "admin";
    public const string DemoOrganisationName = "Demo organisation";
    public const string DemoProjectName = "Demo product";

    /// <summary>The owner's credentials when this call created them; null when accounts already existed.</summary>
    public async Task<FirstRunAccount?> EnsureFirstRunAsync(CancellationToken cancellationToken)
    {
        if (await operators.AnyAsync(cancellationToken))
        {
            return null;
        }

        var password = Secrets.NewPassword();
        var owner = Expect(await operators.CreateAsync(OwnerUserName, password, isAdministrator: true, "Administrator", cancellationToken));
        var organisation = await projects.CreateOrganisationAsync("My organisation", owner.Id, cancellationToken);
        var (project, _) = Expect(await projects.CreateAsync(Caller.ForOperator(owner.Id), organisation.Id, "My product", null, null, cancellationToken));
        return new FirstRunAccount(owner.UserName, password, project.Id);
    }

    /// <summary>Creates the demo organisation and project once, owned by the first administrator.</summary>
    public async Task<Project> EnsureDemoAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Projects.AsNoTracking().Include(p => p.Organisation)
            .FirstOrDefaultAsync(p => p.Name == DemoProjectName && p.Organisation!.Name == DemoOrganisationName, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var owner = await db.Operators.AsNoTracking().Where(o => o.IsAdministrator).OrderBy(o => o.CreatedAt).FirstAsync(cancellationToken);
        var organisation = await projects.CreateOrganisationAsync(DemoOrganisationName, owner.Id, cancellationToken);
        var (project, _) = Expect(await projects.CreateAsync(Caller.ForOperator(owner.Id), organisation.Id, DemoProjectName, "Asia/Shanghai", "CNY", cancellationToken));
        return project;
    }

    /// <summary>
    /// Fills the demo project with generated events (<see cref="DemoOptions.Default"/>, ending today) when its
    /// event partition is empty, so the dashboard has data on the first start; returns how many were written.
    /// </summary>
    public static async Task<long> FillDemoEventsAsync(IServiceProvider services, Guid demoProjectId, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<EventStore>();
        if ((await store.GetSnapshotAsync(demoProjectId, cancellationToken)).RowCount > 0)
        {
            return 0;
        }

        var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var result = await DemoLoader.LoadAsync(store, demoProjectId, new DemoGenerator(DemoOptions.Default(today)), null, cancellationToken);
        return result.Events;
    }

    private static T Expect<T>(Result<T> result) =>
        result.IsSuccess ? result.Value : throw new InvalidOperationException($"Bootstrap failed: {result.Error.Message}");
}
