using Microsoft.EntityFrameworkCore;
using Yunying.Analytics.Insights;
using Yunying.Data;
using Yunying.Server.Dashboard.Insights;
using Yunying.Server.Dashboard.Pages.Project;

namespace Yunying.Server.Dashboard;

/// <summary>
/// At start, each project's home overview as the page asks it (its default form, the project's time zone), so
/// the first operator to open the home after a start finds it answered.
/// </summary>
public sealed class HomeStartupQuestions(IServiceScopeFactory scopes) : IStartupQuestions
{
    public async Task<IReadOnlyList<StartupQuestion>> ForProjectAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YunyingDbContext>();
        var timeZone = await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => p.TimeZone).FirstOrDefaultAsync(cancellationToken);
        if (timeZone is null)
        {
            return [];
        }

        var query = InsightRunner.Parse(HomeModel.DefaultQuery());
        return query.IsSuccess ? [new StartupQuestion(timeZone, query.Value)] : [];
    }
}
