using Yunying.Analytics.Cohorts;
using Yunying.Analytics.Insights;
using Yunying.Analytics.People;
using Yunying.Analytics.Query;
using Yunying.Analytics.Tests.People;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Tests.Insights;

/// <summary>
/// The answer cache over a real engine: an answer is kept while the data stays the same; after new events the
/// fresh answer is computed, and while it is not ready the earlier answer stands in, marked stale.
/// </summary>
public sealed class InsightResultsTests
{
    private static readonly TrendsQuery Pageviews = new()
    {
        DateRange = new DateRange("2026-11-01", "2026-11-01"),
        Series = [new TrendSeries { Event = "$pageview", Math = "total" }],
    };

    [Fact]
    public async Task NewData_WhileTheFreshAnswerIsComputed_TheEarlierOneStandsInMarkedStale_ThenTheFreshOne()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var people = new PeopleStore();
        var persons = new GatedResolver(people.Resolver);
        var cohorts = new CohortCatalog(new InMemoryCohortStore(), people.Store, persons, TimeProvider.System);
        using var results = new InsightResults(people.Store, persons, cohorts, TimeProvider.System);
        await people.AppendAsync(people.Event(1, "$pageview", "u1"), people.Event(2, "$pageview", "u2"));

        var first = await AskAsync(results, people.ProjectId, ct);
        Assert.Equal((2.0, false, false), (Total(first), first.Cached, first.Stale));
        var again = await AskAsync(results, people.ProjectId, ct);
        Assert.Equal((2.0, true, false), (Total(again), again.Cached, again.Stale));

        // A third pageview; resolving the new snapshot's persons is held back, so the fresh answer cannot finish.
        await people.AppendAsync(people.Event(3, "$pageview", "u3"));
        persons.Hold();
        var stale = await AskAsync(results, people.ProjectId, ct);
        Assert.Equal((2.0, true, true), (Total(stale), stale.Cached, stale.Stale));

        // The computation went on without the request; once it finishes, the next load has the new figure.
        persons.Release();
        var fresh = await WaitForFreshAsync(results, people.ProjectId, ct);
        Assert.Equal(3.0, Total(fresh));
    }

    [Fact]
    public async Task NoEarlierAnswer_WaitsForTheFreshOne()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var people = new PeopleStore();
        var persons = new GatedResolver(people.Resolver);
        var cohorts = new CohortCatalog(new InMemoryCohortStore(), people.Store, persons, TimeProvider.System);
        using var results = new InsightResults(people.Store, persons, cohorts, TimeProvider.System);
        await people.AppendAsync(people.Event(1, "$pageview", "u1"));
        persons.Hold();

        var asked = AskAsync(results, people.ProjectId, ct);
        await Task.Delay(InsightResults.FreshWait * 2, ct);
        Assert.False(asked.IsCompleted, "a question never answered before has nothing to stand in for it");

        persons.Release();
        var answer = await asked;
        Assert.Equal((1.0, false, false), (Total(answer), answer.Cached, answer.Stale));
    }

    private static async Task<CachedAnswer> AskAsync(InsightResults results, Guid projectId, CancellationToken ct)
    {
        var answered = await results.RunAsync(projectId, "UTC", Pageviews, ct);
        Assert.True(answered.IsSuccess, answered.Error?.Message);
        return answered.Value;
    }

    private static async Task<CachedAnswer> WaitForFreshAsync(InsightResults results, Guid projectId, CancellationToken ct)
    {
        while (true)
        {
            var answer = await AskAsync(results, projectId, ct);
            if (!answer.Stale)
            {
                return answer;
            }

            await Task.Delay(50, ct);
        }
    }

    private static double Total(CachedAnswer answer) => ((TrendsResult)answer.Result).Lines.Single().Total;

    /// <summary>The real resolver, which can be made to wait: a slow question without a slow machine.</summary>
    private sealed class GatedResolver(PersonResolver inner) : IPersonResolver
    {
        private volatile ManualResetEventSlim _gate = new(initialState: true);

        public void Hold() => _gate = new ManualResetEventSlim(initialState: false);

        public void Release() => _gate.Set();

        public PersonMap Resolve(ProjectSnapshot snapshot)
        {
            _gate.Wait(TimeSpan.FromMinutes(1));
            return inner.Resolve(snapshot);
        }
    }
}
