using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Yunying.Data;
using static Microsoft.Playwright.Assertions;

namespace Yunying.Server.BrowserTests;

/// <summary>Analytics › Events: events sent through capture, the names table, filters and the live tail.</summary>
public sealed class EventsPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task EventsPage_CapturedEvents_ListedFilteredAndLiveTailShowsNewOne()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(EventsPage_CapturedEvents_ListedFilteredAndLiveTailShowsNewOne));
        await SendAsync(session, """
            [{"event":"signup","distinct_id":"user-1","properties":{"utm_source":"wechat"}},
             {"event":"purchase","distinct_id":"user-1","properties":{"amount":99.5,"city":"杭州","vip":true}},
             {"event":"open_app","distinct_id":"user-2","properties":{"platform":"ios"}}]
            """);
        await session.SignInAsOwnerAsync();
        var page = session.Page;

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Events", Exact = true }).ClickAsync();
        await session.ExpectPathAsync($"/p/{session.ProjectId}/events");
        var names = page.GetByTestId("event-names");
        await Expect(names.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(names).ToContainTextAsync("purchase");
        var rows = page.GetByTestId("events").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("property-keys")).ToContainTextAsync("utm_source");
        await session.ShotAsync("events-listed");

        await page.GetByLabel("Event", new() { Exact = true }).SelectOptionAsync("purchase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
        await session.ExpectPathStartingWithAsync($"/p/{session.ProjectId}/events?event=purchase");
        await Expect(rows).ToHaveCountAsync(1);
        await rows.First.Locator("summary").ClickAsync();
        await Expect(rows.First.Locator("pre")).ToContainTextAsync("\"city\": \"杭州\"");
        await session.ShotAsync("filtered-by-event");

        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Live tail" });
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        await SendAsync(session, """[{"event":"open_app","distinct_id":"user-3"},{"event":"purchase","distinct_id":"user-4","properties":{"amount":12}}]""");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync("user-4");
        await Expect(page.GetByTestId("events")).Not.ToContainTextAsync("user-3");
        await session.ShotAsync("live-tail-new-event");
    }

    [Fact]
    public async Task EventsPage_Chinese_EmptyStateThenEvents()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(EventsPage_Chinese_EmptyStateThenEvents), locale: "zh-CN");
        await session.SignInAsOwnerAsync();
        var page = session.Page;

        await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "事件", Exact = true }).ClickAsync();
        await session.ExpectPathAsync($"/p/{session.ProjectId}/events");
        var empty = page.GetByTestId("events-empty");
        await Expect(empty.GetByRole(AriaRole.Heading, new() { Name = "还没有事件" })).ToBeVisibleAsync();
        await Expect(empty.GetByTestId("write-key")).ToHaveTextAsync(await WriteKeyAsync(session));
        await Expect(empty).ToContainTextAsync("api_host");
        await session.ShotAsync("empty-chinese");

        await SendAsync(session, """[{"event":"签到","distinct_id":"用户-1","properties":{"连续天数":3}}]""");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("event-names")).ToContainTextAsync("签到");
        await Expect(page.GetByTestId("events").Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "实时追踪" })).ToBeVisibleAsync();
        await session.ShotAsync("events-chinese");
    }

    private static async Task<string> WriteKeyAsync(DashboardSession session)
    {
        await using var scope = session.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YunyingDbContext>();
        return await db.Projects.Where(p => p.Id == session.ProjectId).Select(p => p.WriteKey).SingleAsync(TestContext.Current.CancellationToken);
    }

    private static async Task SendAsync(DashboardSession session, string batch)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = session.Server.CreateClient();
        using var body = new StringContent($$"""{"api_key":"{{await WriteKeyAsync(session)}}","batch":{{batch}}}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/batch/", body, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
