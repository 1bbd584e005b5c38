using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Yunying.Server.BrowserTests;

/// <summary>Analytics › Events: events sent through capture, the names table, filters and the live tail.</summary>
public sealed class EventsPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task EventsPage_CapturedEvents_ListedFilteredAndLiveTailShowsNewOne()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(EventsPage_CapturedEvents_ListedFilteredAndLiveTailShowsNewOne));
        await session.SendBatchAsync("""
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
        await session.SendBatchAsync("""[{"event":"open_app","distinct_id":"user-3"},{"event":"purchase","distinct_id":"user-4","properties":{"amount":12}}]""");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync("user-4");
        await Expect(page.GetByTestId("events")).Not.ToContainTextAsync("user-3");
        await session.ShotAsync("live-tail-new-event");

        // The project switcher keeps the operator on Events.
        await Expect(page.GetByLabel("Project", new() { Exact = true })).ToBeVisibleAsync();
        await page.GotoAsync($"/switch?projectId={session.ProjectId}&section=events");
        await session.ExpectPathAsync($"/p/{session.ProjectId}/events");
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
        await Expect(empty.GetByTestId("write-key")).ToHaveTextAsync(await session.WriteKeyAsync());
        await Expect(empty).ToContainTextAsync("api_host");
        await session.ShotAsync("empty-chinese");

        await session.SendBatchAsync("""[{"event":"签到","distinct_id":"用户-1","properties":{"连续天数":3}}]""");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("event-names")).ToContainTextAsync("签到");
        await Expect(page.GetByTestId("events").Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "实时追踪" })).ToBeVisibleAsync();
        await session.ShotAsync("events-chinese");
    }

    [Fact]
    public async Task EventsPage_WithoutJavaScript_NoLiveTailControlAndOlderPagesByLink()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(EventsPage_WithoutJavaScript_NoLiveTailControlAndOlderPagesByLink));
        var items = string.Join(',', Enumerable.Range(0, 130).Select(i => $$"""{"event":"view","distinct_id":"user-{{i}}","timestamp":"2026-11-01T00:{{i / 60:00}}:{{i % 60:00}}Z"}"""));
        await session.SendBatchAsync($"[{items}]");
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = session.Server.BaseAddress.ToString(), JavaScriptEnabled = false });
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/login");
            await page.GetByLabel("User name").FillAsync(session.Server.Owner.UserName);
            await page.GetByLabel("Password").FillAsync(session.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
            await Expect(page.GetByTestId("operator-name")).ToBeVisibleAsync();

            await page.GotoAsync($"/p/{session.ProjectId}/events");
            var rows = page.GetByTestId("events").Locator("tbody tr");
            await Expect(rows).ToHaveCountAsync(100);
            await Expect(rows.First).ToContainTextAsync("user-129");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Live tail" })).ToBeHiddenAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Older events" }).ClickAsync();
            await Expect(rows).ToHaveCountAsync(30);
            await Expect(rows.First).ToContainTextAsync("user-29");
            await Expect(rows.Last).ToContainTextAsync("user-0");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Older events" })).ToHaveCountAsync(0);
            await Screenshots.SaveAsync(page, nameof(EventsPage_WithoutJavaScript_NoLiveTailControlAndOlderPagesByLink), "01-older-page-no-js");
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
