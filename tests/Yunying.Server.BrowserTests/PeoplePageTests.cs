using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Yunying.Server.BrowserTests;

/// <summary>Analytics › People: the list, search, a merged person's profile and timeline, and forgetting a person.</summary>
public sealed class PeoplePageTests(BrowserFixture browser)
{
    private const string Story = """
        [{"event":"$pageview","distinct_id":"anon-7","timestamp":"2026-11-01T01:00:00Z","properties":{"$set_once":{"first_channel":"douyin"}}},
         {"event":"$identify","distinct_id":"wang.fang","timestamp":"2026-11-01T01:05:00Z","properties":{"$anon_distinct_id":"anon-7","$set":{"name":"王芳","email":"wf@example.com"}}},
         {"event":"purchase","distinct_id":"wang.fang","timestamp":"2026-11-01T01:10:00Z","properties":{"amount":88,"$groups":{"company":"yunying"}}},
         {"event":"$pageview","distinct_id":"visitor-2","timestamp":"2026-11-01T02:00:00Z"}]
        """;

    [Fact]
    public async Task PeoplePage_SearchOpenMergedPersonTimelineThenForget()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(PeoplePage_SearchOpenMergedPersonTimelineThenForget));
        await session.SendBatchAsync(Story);
        await session.SignInAsOwnerAsync();
        var page = session.Page;

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "People", Exact = true }).ClickAsync();
        await session.ExpectPathAsync($"/p/{session.ProjectId}/people");
        var rows = page.GetByTestId("people").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync("visitor-2");
        await Expect(rows.Nth(1)).ToContainTextAsync("王芳");
        await session.ShotAsync("people-listed");

        await page.GetByRole(AriaRole.Textbox, new() { Name = "Search people" }).FillAsync("wf@");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await rows.First.GetByRole(AriaRole.Link, new() { Name = "王芳" }).ClickAsync();

        await Expect(page.GetByTestId("person-name")).ToHaveTextAsync("王芳");
        await Expect(page.GetByTestId("person-status")).ToHaveTextAsync("Identified");
        await Expect(page.GetByTestId("person-ids")).ToContainTextAsync("anon-7");
        await Expect(page.GetByTestId("person-properties")).ToContainTextAsync("douyin");
        await Expect(page.GetByTestId("person-groups")).ToContainTextAsync("yunying");
        var timeline = page.GetByTestId("person-timeline").Locator("tbody tr");
        await Expect(timeline).ToHaveCountAsync(3);
        await Expect(timeline.First).ToContainTextAsync("purchase");
        await Expect(timeline.Last).ToContainTextAsync("anon-7");
        await session.ShotAsync("person-profile");

        // The Events page links each distinct id to its person.
        await page.GotoAsync($"/p/{session.ProjectId}/events");
        await page.GetByTestId("events").GetByRole(AriaRole.Link, new() { Name = "anon-7" }).ClickAsync();
        await Expect(page.GetByTestId("person-name")).ToHaveTextAsync("王芳");

        await page.GetByTestId("forget-confirm").CheckAsync();
        await page.GetByTestId("forget").ClickAsync();
        await session.ExpectPathAsync($"/p/{session.ProjectId}/people");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("visitor-2");
        await session.ShotAsync("after-forget");
    }

    [Fact]
    public async Task PeoplePage_Chinese_Labels()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(PeoplePage_Chinese_Labels), locale: "zh-CN");
        await session.SendBatchAsync(Story);
        await session.SignInAsOwnerAsync();
        var page = session.Page;

        await page.GotoAsync($"/p/{session.ProjectId}/people");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("用户");
        await Expect(page.GetByTestId("people-total")).ToHaveTextAsync("共 2 位用户");
        await session.ShotAsync("people-zh");
    }
}
