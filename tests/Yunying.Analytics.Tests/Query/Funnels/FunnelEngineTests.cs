using System.Text.Json;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Funnels;
using Yunying.Events;

namespace Yunying.Analytics.Tests.Query.Funnels;

/// <summary>Hand-checked funnels on tiny datasets, one rule at a time (Asia/Shanghai; the period is 2026-11-01 to 2026-11-03 local).</summary>
public sealed class FunnelEngineTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(8));
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "yunying-funnel-cases-" + Guid.NewGuid().ToString("N"));
    private EventStore _store = null!;

    public ValueTask InitializeAsync()
    {
        _store = EventStore.Open(_dir, new EventStoreOptions { SealThreshold = 4 });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Ordered_OtherEventsBetweenAndWindowEndInclusive_CountsTheLastStepAtExactlyTheWindow()
    {
        // u1: a, x, b, c exactly one hour after a; u2: c one microsecond too late; u3: b before a (wrong order).
        var result = await RunAsync(
            [
                ("u1", "a", 0), ("u1", "x", 10), ("u1", "b", 20), ("u1", "c", 3_600_000_000),
                ("u2", "a", 0), ("u2", "b", 20), ("u2", "c", 3_600_000_001),
                ("u3", "b", 0), ("u3", "a", 10), ("u3", "c", 20),
            ],
            Funnel(["a", "b", "c"]) with { Window = new FunnelWindow(1, FunnelWindowUnit.Hour) });

        Assert.Equal([3L, 2, 1], Counts(result));
        Assert.Equal(1.0 / 3, result.Groups[0].Steps[2].ConversionRate, 9);
        Assert.Equal(0.5, result.Groups[0].Steps[2].StepConversionRate, 9);
        Assert.Equal(1, result.Groups[0].Steps[1].DroppedOff);
    }

    [Fact]
    public async Task Strict_AnotherEventBetween_BreaksTheStepButNotAnOrderedFunnel()
    {
        var events = new List<(string, string, long)> { ("u1", "a", 0), ("u1", "x", 10), ("u1", "b", 20), ("u2", "a", 0), ("u2", "b", 20) };

        var strict = await RunAsync(events, Funnel(["a", "b"]) with { Order = FunnelOrder.Strict });
        var ordered = await RunAsync(events, Funnel(["a", "b"]));

        Assert.Equal([2L, 1], Counts(strict));
        Assert.Equal([2L, 2], Counts(ordered));
    }

    [Fact]
    public async Task Unordered_StepsInAnyOrderWithinTheWindow_CountsStepsDone()
    {
        var result = await RunAsync(
            [("u1", "c", 0), ("u1", "a", 10), ("u1", "b", 20), ("u2", "b", 0), ("u2", "b", 10), ("u3", "c", 0), ("u3", "a", 86_400_000_001)],
            Funnel(["a", "b", "c"]) with { Order = FunnelOrder.Unordered, Window = new FunnelWindow(1) });

        Assert.Equal([3L, 1, 1], Counts(result));
        Assert.Equal("Completed 2 steps", result.Groups[0].Steps[1].Label);
        Assert.Null(result.Groups[0].Steps[1].Event);
    }

    [Fact]
    public async Task Exclusion_BetweenTheSteps_DisqualifiesThatAttemptOnly()
    {
        // u1's first attempt sees x between a and b; the second (from the later a) is clean.
        // u2 sees x after b: not between. u3 sees x and never reaches b: excluded within the window.
        var result = await RunAsync(
            [
                ("u1", "a", 0), ("u1", "x", 10), ("u1", "a", 20), ("u1", "b", 30),
                ("u2", "a", 0), ("u2", "b", 10), ("u2", "x", 20),
                ("u3", "a", 0), ("u3", "x", 10),
            ],
            Funnel(["a", "b"]) with { Exclusions = [new FunnelExclusion { Event = "x" }], People = new FunnelPeopleOptions(0) });

        Assert.Equal([2L, 2], Counts(result));
        Assert.Equal(2, result.People!.Total);
        Assert.Equal(10e-6, result.Groups[0].Steps[1].AverageSeconds!.Value, 12);
    }

    [Fact]
    public async Task TimeToConvert_FromTheLatestStartBeforeTheStep_AverageMedianAndHistogram()
    {
        // u1 starts twice before b: the attempt that reaches b first and started last counts (10 s).
        var result = await RunAsync(
            [
                ("u1", "a", 0), ("u1", "a", 50_000_000), ("u1", "b", 60_000_000),
                ("u2", "a", 0), ("u2", "b", 30_000_000),
                ("u3", "a", 0), ("u3", "b", 50_000_000),
            ],
            Funnel(["a", "b"]) with { TimeToConvert = new FunnelTimeToConvert(Bins: 4) });

        var step = result.Groups[0].Steps[1];
        Assert.Equal(30, step.AverageSeconds!.Value, 9);
        Assert.Equal(30, step.MedianSeconds!.Value, 9);
        var histogram = result.Groups[0].TimeToConvert!;
        Assert.Equal(3, histogram.Count);
        Assert.Equal([(10.0, 20.0, 1L), (20, 30, 0), (30, 40, 1), (40, 50, 1)], histogram.Bins.Select(b => (b.FromSeconds, b.ToSeconds, b.Count)));
    }

    [Fact]
    public async Task LinkProperty_StepsMustShareTheValue_OtherValuesDoNotConvert()
    {
        var result = await RunAsync(
            [
                ("u1", "view", 0, "p1"), ("u1", "buy", 10, "p2"),
                ("u2", "view", 0, "p1"), ("u2", "view", 5, "p2"), ("u2", "buy", 10, "p2"),
                ("u3", "view", 0, null), ("u3", "buy", 10, null),
            ],
            Funnel(["view", "buy"]) with { LinkProperty = "product_id" });

        Assert.Equal([2L, 1], Counts(result));
    }

    [Fact]
    public async Task SameInstant_EarlierStepFirst_AndAMergedAnonymousIdCountsForItsPerson()
    {
        // b and a share an instant: a is taken first. anon1 is u2's anonymous id: its a leads to u2's b.
        var result = await RunAsync(
            [("u1", "b", 0), ("u1", "a", 0), ("anon1", "a", 0), ("u2", "b", 10)],
            Funnel(["a", "b"]),
            merges: new Dictionary<string, string> { ["anon1"] = "u2" });

        Assert.Equal([2L, 2], Counts(result));
    }

    [Fact]
    public async Task BreakdownAttribution_FirstLastAndStep_EachPersonInOneBucket()
    {
        var events = new List<(string, string, long, string?)>
        {
            ("u1", "a", 0, "web"), ("u1", "b", 10, "ios"), ("u1", "c", 20, "android"),
            ("u2", "a", 0, "web"), ("u2", "b", 10, null),
        };
        async Task<Dictionary<string, long[]>> Split(FunnelAttribution attribution, int? step = null)
        {
            var result = await RunAsync(events, Funnel(["a", "b", "c"]) with { Breakdown = new Breakdown("product_id"), Attribution = attribution, AttributionStep = step });
            return result.Groups.ToDictionary(g => g.Breakdown!.Label, g => g.Steps.Select(s => s.Count).ToArray());
        }

        var first = await Split(FunnelAttribution.FirstTouch);
        var last = await Split(FunnelAttribution.LastTouch);
        var second = await Split(FunnelAttribution.Step, 1);

        Assert.Equal(["web"], first.Keys);
        Assert.Equal([2L, 2, 1], first["web"]);
        Assert.Equal(["android", "(none)"], last.Keys);
        Assert.Equal([1L, 1, 1], last["android"]);
        Assert.Equal([1L, 1, 0], last["(none)"]);
        Assert.Equal(["ios", "(none)"], second.Keys);
    }

    [Fact]
    public async Task TrendAndPeople_PersonsByEntryDayAndWhoDroppedOff()
    {
        // Day 1: u1 converts, u2 does not; day 2: u1 again (counts in both days), u3 converts.
        const long day = 86_400_000_000;
        var result = await RunAsync(
            [("u1", "a", 0), ("u1", "b", 10), ("u2", "a", 20), ("u1", "a", day), ("u3", "a", day + 5), ("u3", "b", day + 10)],
            Funnel(["a", "b"]) with { Trend = new FunnelTrendOptions(), People = new FunnelPeopleOptions(1, Dropped: true) });

        var trend = result.Groups[0].Trend!;
        Assert.Equal(["2026-11-01", "2026-11-02", "2026-11-03"], trend.Labels);
        Assert.Equal([2L, 2, 0], trend.Entered);
        Assert.Equal([1L, 1, 0], trend.Converted);
        Assert.Equal([0.5, 0.5, 0], trend.ConversionRates);
        Assert.Equal(1, result.People!.Total);
        Assert.Single(result.People.PersonIds);
    }

    [Theory]
    [InlineData("""{"kind":"funnel","steps":[{"event":"a"}]}""", "steps")]
    [InlineData("""{"kind":"funnel","steps":[{},{}],"window":{"value":0}}""", "window.value")]
    [InlineData("""{"kind":"funnel","steps":[{},{}],"window":{"value":13,"unit":"month"}}""", "window.value")]
    [InlineData("""{"kind":"funnel","steps":[{},{}],"exclusions":[{"event":"x","fromStep":1}]}""", "exclusions[0].fromStep")]
    [InlineData("""{"kind":"funnel","steps":[{},{},{}],"exclusions":[{"event":"x","fromStep":1,"toStep":1}]}""", "exclusions[0].toStep")]
    [InlineData("""{"kind":"funnel","steps":[{},{}],"attribution":"step"}""", "attributionStep")]
    [InlineData("""{"kind":"funnel","steps":[{},{}],"people":{"step":0,"dropped":true}}""", "people.step")]
    [InlineData("""{"kind":"funnel","steps":[{},{}],"people":{"step":1,"breakdown":{"label":"x","kind":"value"}}}""", "people.breakdown")]
    [InlineData("""{"kind":"funnel","steps":[{},{}],"timeToConvert":{"bins":0}}""", "timeToConvert.bins")]
    public async Task BadFunnel_InvalidWithTheField(string json, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Dataset([("u1", "a", 0, null)], null);
        var context = await data.LoadAsync(_store, Guid.NewGuid(), new Random(1), Now, ct);
        var query = (FunnelQuery)JsonSerializer.Deserialize<AnalyticsQuery>(json, QueryJson.Options)!;

        var result = QueryRunner.Run(query, context);

        Assert.False(result.IsSuccess);
        Assert.Equal("query.invalid", result.Error.Code);
        Assert.Equal(field, result.Error.Field);
    }

    private static long Now => PlainDataset.Micros(Day1.AddDays(10));

    private static FunnelQuery Funnel(string[] steps) => new()
    {
        DateRange = new DateRange("2026-11-01", "2026-11-03"),
        Steps = [.. steps.Select(s => new FunnelStep { Event = s })],
    };

    private static long[] Counts(FunnelResult result) => [.. Assert.Single(result.Groups).Steps.Select(s => s.Count)];

    private Task<FunnelResult> RunAsync(List<(string Id, string Event, long Offset)> events, FunnelQuery query, Dictionary<string, string>? merges = null) =>
        RunAsync([.. events.Select(e => (e.Id, e.Event, e.Offset, (string?)null))], query, merges);

    private async Task<FunnelResult> RunAsync(List<(string Id, string Event, long Offset, string? Product)> events, FunnelQuery query, Dictionary<string, string>? merges = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Dataset(events, merges);
        var context = await data.LoadAsync(_store, Guid.NewGuid(), new Random(7), Now, ct);
        var result = QueryRunner.Run(query, context);
        Assert.True(result.IsSuccess, result.Error?.Message);
        var answer = (FunnelResult)result.Value;

        // Every hand-checked case also agrees with the reference.
        FunnelRandomizedTests.AssertSame(FunnelReference.Run(data, query, Now, FunnelRandomizedTests.PersonIds(data, context)), answer, "reference");
        return answer;
    }

    /// <summary>Events at micro-offsets from 2026-11-01 09:00 Shanghai time, one person per id unless merged.</summary>
    private static PlainDataset Dataset(List<(string Id, string Event, long Offset, string? Product)> events, Dictionary<string, string>? merges)
    {
        var start = PlainDataset.Micros(Day1.AddHours(9));
        var ids = events.Select(e => e.Id).Distinct().ToList();
        var personOf = ids.ToDictionary(id => id, id => merges is not null && merges.TryGetValue(id, out var to) ? to : id);
        return new PlainDataset
        {
            TimeZone = "Asia/Shanghai",
            Events = [.. events.Select(e => new PlainEvent(
                e.Event,
                e.Id,
                start + e.Offset,
                e.Product is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["product_id"] = e.Product }))],
            PersonOf = personOf,
            PersonProperties = personOf.Values.Distinct().ToDictionary(p => p, _ => new Dictionary<string, object?>()),
            Middle = new DateOnly(2026, 11, 2),
        };
    }
}
