using System.Text;
using System.Text.Json;
using Yunying.Analytics.Demo;
using Yunying.Events;

namespace Yunying.Analytics.Tests.Demo;

public sealed class DemoGeneratorTests
{
    private static readonly DateOnly End = new(2026, 11, 21);
    private static readonly DemoOptions Small = new(60_000, 6_000, 60, 7, End);

    private static readonly Lazy<List<EventRecord>> SmallEvents = new(() => [.. new DemoGenerator(Small).Events()]);

    [Fact]
    public void Events_SameSeed_IdenticalEvents()
    {
        var first = new DemoGenerator(Small with { Events = 5_000, Users = 500 }).Events().Select(Line).ToList();
        var second = new DemoGenerator(Small with { Events = 5_000, Users = 500 }).Events().Select(Line).ToList();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Events_DifferentSeed_DifferentEvents()
    {
        var first = new DemoGenerator(Small with { Events = 5_000, Users = 500 }).Events().Select(Line).ToList();
        var second = new DemoGenerator(Small with { Events = 5_000, Users = 500, Seed = 8 }).Events().Select(Line).ToList();

        Assert.NotEqual(first, second);
        Assert.Empty(first.Intersect(second));
    }

    [Fact]
    public void GenerateChunk_AnyOrder_SameAsSequential()
    {
        var generator = new DemoGenerator(Small with { Events = 20_000, Users = 4_000 });
        var backwards = Enumerable.Range(0, generator.ChunkCount).Reverse().Select(generator.GenerateChunk).Reverse().SelectMany(c => c).Select(Line);

        Assert.Equal(generator.Events().Select(Line), backwards);
    }

    [Fact]
    public void Events_DefaultShape_VolumeUsersAndWindowAsAsked()
    {
        var events = SmallEvents.Value;
        var firstDay = EventRecord.ToMicros(new DateTimeOffset(2026, 9, 23, 0, 0, 0, TimeSpan.FromHours(8)));
        var afterLastDay = EventRecord.ToMicros(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.FromHours(8)));

        Assert.InRange(events.Count, 54_000, 66_000);
        Assert.Equal(Small.Users, events.Where(e => e.DistinctId.StartsWith("anon_", StringComparison.Ordinal)).Select(e => e.DistinctId).Distinct().Count());
        Assert.All(events, e => Assert.InRange(e.TimestampMicros, firstDay, afterLastDay + (4 * 3_600_000_000L)));
        Assert.Equal(events.Count, events.Select(e => e.Uuid).Distinct().Count());
    }

    [Fact]
    public void Events_Channels_AllPresentWithDifferentVolumesAndConversion()
    {
        var events = SmallEvents.Value;
        var visitorsByChannel = events.Where(e => e.DistinctId.StartsWith("anon_", StringComparison.Ordinal))
            .GroupBy(e => Property(e, "utm_source")!).ToDictionary(g => g.Key, g => g.Select(e => e.DistinctId).Distinct().Count());
        var signupsByChannel = events.Where(e => e.Event == DemoGenerator.Signup)
            .GroupBy(e => Property(e, "utm_source")!).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(["appstore", "douyin", "invite", "search", "wechat", "weibo", "zhihu"], visitorsByChannel.Keys.Order());
        Assert.True(visitorsByChannel["wechat"] > 2 * visitorsByChannel["weibo"]);
        var rate = (string c) => (double)signupsByChannel[c] / visitorsByChannel[c];
        Assert.True(rate("invite") > rate("weibo") + 0.2, $"invite {rate("invite")} vs weibo {rate("weibo")}");
        Assert.True(rate("appstore") > rate("douyin"));
    }

    [Fact]
    public void Events_NewUsersPerDay_GrowThenPlateau()
    {
        var perDay = SmallEvents.Value.Where(e => e.Event == DemoGenerator.Signup)
            .GroupBy(e => Day(e.TimestampMicros)).OrderBy(g => g.Key).Select(g => g.Count()).ToList();

        var early = perDay.Take(10).Average();
        var middle = perDay.Skip(25).Take(10).Average();
        var late = perDay.Skip(50).Take(10).Average();
        Assert.True(middle > 2 * early, $"early {early}, middle {middle}");
        Assert.InRange(late / middle, 0.9, 1.6);
    }

    [Fact]
    public void Events_SignupCohorts_RetentionDecaysWeekOverWeek()
    {
        var events = SmallEvents.Value;
        var signupDay = events.Where(e => e.Event == DemoGenerator.Signup && Day(e.TimestampMicros) < 20)
            .ToDictionary(e => e.DistinctId, e => Day(e.TimestampMicros));
        var activeWeeks = new int[5];
        foreach (var group in events.Where(e => signupDay.ContainsKey(e.DistinctId)).GroupBy(e => e.DistinctId))
        {
            foreach (var week in group.Select(e => (Day(e.TimestampMicros) - signupDay[group.Key]) / 7).Where(w => w is >= 1 and <= 5).Distinct())
            {
                activeWeeks[week - 1]++;
            }
        }

        for (var week = 1; week < activeWeeks.Length; week++)
        {
            Assert.True(activeWeeks[week] < activeWeeks[week - 1], $"week {week + 1}: {activeWeeks[week]} vs week {week}: {activeWeeks[week - 1]}");
        }

        Assert.True(activeWeeks[0] > signupDay.Count / 5, "a good share of a cohort comes back in its first week");
    }

    [Fact]
    public void Events_EachUser_FunnelInOrderAndIdentifyMergesTheAnonymousId()
    {
        var events = SmallEvents.Value;
        var byPerson = events.GroupBy(e => e.DistinctId).ToDictionary(g => g.Key, g => g.OrderBy(e => e.TimestampMicros).ToList());
        var identifies = events.Where(e => e.Event == DemoGenerator.Identify).ToList();
        var purchases = 0;

        Assert.NotEmpty(identifies);
        foreach (var identify in identifies)
        {
            var anonymous = Property(identify, "$anon_distinct_id")!;
            Assert.All(byPerson[anonymous], e => Assert.True(e.TimestampMicros < identify.TimestampMicros));
            var timeline = byPerson[identify.DistinctId];
            var signup = timeline.FindIndex(e => e.Event == DemoGenerator.Signup);
            var activation = timeline.FindIndex(e => e.Event == DemoGenerator.Activation);
            var firstPurchase = timeline.FindIndex(e => e.Event == DemoGenerator.Purchase);
            Assert.True(signup > timeline.FindIndex(e => e.Event == DemoGenerator.Identify));
            if (firstPurchase >= 0)
            {
                purchases++;
                Assert.InRange(activation, signup + 1, firstPurchase - 1);
            }
        }

        Assert.True(purchases > 100);
        Assert.DoesNotContain(events, e => e.Event is DemoGenerator.Purchase or DemoGenerator.Activation or DemoGenerator.CheckIn && e.DistinctId.StartsWith("anon_", StringComparison.Ordinal));
    }

    [Fact]
    public void Events_Properties_CarryPlatformCityVersionAndPurchaseDetails()
    {
        var events = SmallEvents.Value;
        var purchase = events.First(e => e.Event == DemoGenerator.Purchase);
        using var document = JsonDocument.Parse(purchase.PropertiesJson);
        var properties = document.RootElement;

        Assert.Equal("CNY", properties.GetProperty("currency").GetString());
        Assert.True(properties.GetProperty("amount").GetDouble() > 0);
        Assert.False(string.IsNullOrEmpty(properties.GetProperty("product_id").GetString()));
        Assert.Equal(["android", "ios", "miniprogram", "web"], events.Select(e => Property(e, "platform")!).Distinct().Order());
        Assert.Contains(events, e => Property(e, "city") == "上海");
        Assert.True(events.Select(e => Property(e, "app_version")).Distinct().Count() >= 4);
        Assert.Contains(events, e => e.Event == DemoGenerator.CheckIn);
        Assert.Contains(events, e => e.Event == DemoGenerator.Share);
        Assert.Contains(events, e => e.Event == DemoGenerator.Invite);
    }

    [Fact]
    public async Task LoadAsync_EmptyProject_EngineHoldsEveryGeneratedEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Path.Combine(Path.GetTempPath(), "yunying-demo-" + Guid.NewGuid().ToString("N"));
        var project = Guid.NewGuid();
        var generator = new DemoGenerator(Small with { Events = 30_000, Users = 3_000 });
        try
        {
            await using (var store = EventStore.Open(dir))
            {
                var result = await DemoLoader.LoadAsync(store, project, generator, null, ct);
                var snapshot = await store.GetSnapshotAsync(project, ct);

                Assert.Equal(generator.Events().Count(), result.Events);
                Assert.Equal(result.Events, snapshot.RowCount);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int Day(long micros) =>
        (int)((micros - EventRecord.ToMicros(new DateTimeOffset(2026, 9, 23, 0, 0, 0, TimeSpan.FromHours(8)))) / 86_400_000_000L);

    private static string? Property(EventRecord record, string name)
    {
        using var document = JsonDocument.Parse(record.PropertiesJson);
        return document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static string Line(EventRecord e) =>
        $"{e.Uuid}|{e.TimestampMicros}|{e.Event}|{e.DistinctId}|{Encoding.UTF8.GetString(e.PropertiesJson.Span)}";
}
