using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Yunying.Server.BrowserTests;

/// <summary>
/// Saved insights and dashboards in the dashboard: saving insights from the builder onto a dashboard, the cached
/// answer, the tiles' numbers against the API, arranging tiles, one date range for all, changing a saved
/// insight in the builder, and the pages in Chinese.
/// </summary>
public sealed class DashboardsPageTests(BrowserFixture browser)
{
    private const string Funnel = "kind=funnel&event=%24pageview&event=signup&event=purchase&window=1&windowUnit=day";

    [Fact]
    public async Task Dashboard_InsightsSavedFromTheBuilder_MatchTheApi_AndTakeTheDashboardsRange()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(Dashboard_InsightsSavedFromTheBuilder_MatchTheApi_AndTakeTheDashboardsRange));
        var ct = TestContext.Current.CancellationToken;
        await session.SendBatchAsync(InsightsPageTests.Story());
        await session.SignInAsOwnerAsync();
        var page = session.Page;
        var errors = session.CollectConsoleErrors();
        using var api = session.Server.CreateClient(bearer: await session.CreateTokenAsync());

        // A dashboard over the last 7 days.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Dashboards", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("no-dashboards")).ToBeVisibleAsync();
        var create = page.GetByTestId("new-dashboard");
        await create.GetByLabel("Name").FillAsync("Growth");
        await create.GetByLabel("From").FillAsync("-7d");
        await create.GetByRole(AriaRole.Button).ClickAsync();
        await session.ExpectPathStartingWithAsync($"/p/{session.ProjectId}/dashboards/");
        var dashboardId = page.Url.Split('/').Last();
        await Expect(page.GetByTestId("dashboard-empty")).ToBeVisibleAsync();

        // Two insights from the builder, each saved straight onto the dashboard.
        await SaveFromBuilderAsync(session, Funnel, "Visit to purchase", "Growth");
        await Expect(page.GetByTestId("insight-name")).ToHaveTextAsync("Visit to purchase");
        await Expect(page.GetByTestId("insight-chart")).ToHaveAttributeAsync("data-ready", "true");

        // The builder's answer is the saved insight's: kept in the cache until new data arrives.
        await Expect(page.GetByTestId("computed-at")).ToHaveAttributeAsync("data-cached", "true");
        var late = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        await session.SendBatchAsync($$"""[{"event":"$pageview","distinct_id":"gina","timestamp":"{{late}}"}]""");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("computed-at")).ToHaveAttributeAsync("data-cached", "false");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("computed-at")).ToHaveAttributeAsync("data-cached", "true");
        await Expect(page.GetByTestId("on-dashboards")).ToContainTextAsync("Growth");
        await SaveFromBuilderAsync(session, "kind=trends&event=signup&math=dau&by=utm_source&display=bar", "Signups by channel", "Growth");

        await page.GotoAsync($"/p/{session.ProjectId}/dashboards/{dashboardId}");
        var tiles = page.GetByTestId("tile");
        await Expect(tiles).ToHaveCountAsync(2);
        await Expect(tiles.Nth(0)).ToHaveAttributeAsync("data-kind", "funnel");
        await Expect(tiles.Nth(1)).ToHaveAttributeAsync("data-kind", "trends");
        await Expect(tiles.Locator("[data-insight-chart][data-ready=true]")).ToHaveCountAsync(2);
        await session.ShotAsync("dashboard");

        // The tiles' numbers are the API's answers for the dashboard.
        var answer = await ResultsAsync(api, session.ProjectId, dashboardId, ct);
        var apiSteps = answer.GetProperty("tiles")[0].GetProperty("result").GetProperty("groups")[0].GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("count").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var shown = await tiles.Nth(0).Locator("[data-testid=insight-table] tbody tr td:nth-child(2)").AllTextContentsAsync();
        Assert.Equal(["7", "4", "2"], shown.Select(s => s.Trim()));
        Assert.Equal(shown.Select(s => s.Trim()), apiSteps);
        var apiTotals = answer.GetProperty("tiles")[1].GetProperty("result").GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("total").GetDouble()).Order();
        Assert.Equal([1.0, 3.0], apiTotals);

        // Arrange: the trend first, over the whole width.
        await tiles.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Whole width" }).ClickAsync();
        await tiles.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Move earlier" }).ClickAsync();
        await Expect(tiles.Nth(0)).ToHaveAttributeAsync("data-kind", "trends");
        await Expect(tiles.Nth(0)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("tile-wide"));
        var stored = (await ResultsAsync(api, session.ProjectId, dashboardId, ct)).GetProperty("dashboard").GetProperty("tiles");
        Assert.Equal(2, stored[0].GetProperty("width").GetInt32());

        // Yesterday and today only: of the funnel's visitors only gina (an hour ago) is left; then keep that range.
        var range = page.GetByTestId("dashboard-range");
        await range.GetByLabel("From").FillAsync("-1d");
        await range.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(tiles.Nth(1).Locator("[data-testid=insight-table] tbody tr td:nth-child(2)").First).ToHaveTextAsync("1");
        await page.GetByTestId("save-range").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.GetByTestId("dashboard-range").GetByLabel("From")).ToHaveValueAsync("-1d");
        Assert.Equal("-1d", (await ResultsAsync(api, session.ProjectId, dashboardId, ct)).GetProperty("dashboard").GetProperty("dateRange").GetProperty("from").GetString());
        await session.ShotAsync("dashboard-range");

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public async Task SavedInsight_ChangedInTheBuilder_AndTheListsInChinese()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(SavedInsight_ChangedInTheBuilder_AndTheListsInChinese));
        var ct = TestContext.Current.CancellationToken;
        await session.SendBatchAsync(InsightsPageTests.Story());
        await session.SignInAsOwnerAsync();
        var page = session.Page;
        using var api = session.Server.CreateClient(bearer: await session.CreateTokenAsync());

        await SaveFromBuilderAsync(session, Funnel, "Visit to purchase", null);
        var insightId = page.Url.Split('/').Last();
        await page.GetByTestId("edit-in-builder").ClickAsync();
        var form = page.GetByTestId("insight-form");
        await Expect(form.GetByLabel("Step 3", new() { Exact = true })).ToHaveValueAsync("purchase");
        await Expect(page.GetByTestId("editing-saved")).ToContainTextAsync("Visit to purchase");
        await form.GetByLabel("Step 3", new() { Exact = true }).FillAsync("");
        await page.GetByTestId("run-insight").ClickAsync();
        await Expect(page.GetByTestId("insight-table").Locator("tbody tr")).ToHaveCountAsync(2);
        await page.GetByTestId("update-insight").ClickAsync();
        await session.ExpectPathAsync($"/p/{session.ProjectId}/insights/saved/{insightId}");

        var saved = await api.GetFromJsonAsync<JsonElement>($"/api/projects/{session.ProjectId}/insights/{insightId}", ct);
        Assert.Equal(2, saved.GetProperty("query").GetProperty("steps").GetArrayLength());
        var list = await api.GetFromJsonAsync<JsonElement>($"/api/projects/{session.ProjectId}/insights", ct);
        Assert.Equal(1, list.GetArrayLength());

        await page.GotoAsync($"/p/{session.ProjectId}/insights/saved");
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("已保存的分析");
        await Expect(page.GetByTestId("saved-insights")).ToContainTextAsync("漏斗分析");
        await session.ShotAsync("saved-insights-zh");
        await page.GotoAsync($"/p/{session.ProjectId}/dashboards");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("看板");
    }

    private static async Task SaveFromBuilderAsync(DashboardSession session, string query, string name, string? dashboard)
    {
        var page = session.Page;
        await page.GotoAsync($"/p/{session.ProjectId}/insights?{query}");
        await Expect(page.GetByTestId("insight-chart")).ToHaveAttributeAsync("data-ready", "true");
        var save = page.GetByTestId("save-insight");
        await save.GetByLabel("Name").FillAsync(name);
        if (dashboard is not null)
        {
            await save.GetByLabel("Also put it on a dashboard").SelectOptionAsync(new SelectOptionValue { Label = dashboard });
        }

        await page.GetByTestId("save-insight-button").ClickAsync();
        await session.ExpectPathStartingWithAsync($"/p/{session.ProjectId}/insights/saved/");
    }

    private static async Task<JsonElement> ResultsAsync(HttpClient api, Guid projectId, string dashboardId, CancellationToken ct) =>
        await api.GetFromJsonAsync<JsonElement>($"/api/projects/{projectId}/dashboards/{dashboardId}/results", ct);
}
