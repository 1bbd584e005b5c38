using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Yunying.Analytics.Cohorts;
using static Microsoft.Playwright.Assertions;

namespace Yunying.Server.BrowserTests;

/// <summary>
/// Analytics › Insights: building a funnel from the form, its numbers against the query API, drilling into the
/// persons who dropped off, saving them as a cohort, the CSV export, a trend chart, and the page in Chinese.
/// </summary>
public sealed class InsightsPageTests(BrowserFixture browser)
{
    /// <summary>
    /// Six visitors two days ago: all view a page, four sign up (one from wechat, the others from zhihu), two of
    /// them buy. So the funnel is 6 → 4 → 2; carol and dave drop off before buying, erin and frank before signing up.
    /// </summary>
    internal static string Story()
    {
        var start = DateTimeOffset.UtcNow.AddDays(-2);
        var events = new List<string>();
        void Add(string name, string who, int minutes, string source)
        {
            var at = start.AddMinutes(minutes).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            events.Add($$"""{"event":"{{name}}","distinct_id":"{{who}}","timestamp":"{{at}}","properties":{"utm_source":"{{source}}"} }""");
        }

        string[] visitors = ["alice", "bob", "carol", "dave", "erin", "frank"];
        foreach (var (who, i) in visitors.Select((w, i) => (w, i)))
        {
            var source = i == 0 ? "wechat" : "zhihu";
            Add("$pageview", who, i, source);
            if (i < 4)
            {
                Add("signup", who, 10 + i, source);
            }

            if (i < 2)
            {
                Add("purchase", who, 20 + i, source);
            }
        }

        return "[" + string.Join(",", events) + "]";
    }

    [Fact]
    public async Task InsightsPage_FunnelFromTheForm_MatchesApi_DrillsIntoDropOffs_AndSavesThemAsACohort()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(InsightsPage_FunnelFromTheForm_MatchesApi_DrillsIntoDropOffs_AndSavesThemAsACohort));
        var ct = TestContext.Current.CancellationToken;
        await session.SendBatchAsync(Story());
        await session.SignInAsOwnerAsync();
        var page = session.Page;
        var errors = session.CollectConsoleErrors();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Insights", Exact = true }).ClickAsync();
        await session.ExpectPathAsync($"/p/{session.ProjectId}/insights");
        await Expect(page.GetByTestId("insight-empty")).ToBeVisibleAsync();
        await page.GetByTestId("insight-kinds").GetByRole(AriaRole.Link, new() { Name = "Funnel" }).ClickAsync();
        var form = page.GetByTestId("insight-form");
        await form.GetByLabel("Step 1", new() { Exact = true }).FillAsync("$pageview");
        await form.GetByLabel("Step 2", new() { Exact = true }).FillAsync("signup");
        await form.GetByLabel("Step 3", new() { Exact = true }).FillAsync("purchase");
        await form.GetByLabel("Conversion window").FillAsync("1");
        await page.GetByTestId("run-insight").ClickAsync();

        // The form is the link: the chart redrew and every field kept its value.
        await Expect(page.GetByTestId("insight-chart")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.GetByTestId("insight-chart").Locator("canvas")).ToHaveCountAsync(1);
        await Expect(form.GetByLabel("Step 3", new() { Exact = true })).ToHaveValueAsync("purchase");
        await Expect(form.GetByLabel("Conversion window")).ToHaveValueAsync("1");
        var table = page.GetByTestId("insight-table");
        var counts = await table.Locator("tbody tr td:nth-child(2)").AllTextContentsAsync();
        Assert.Equal(["6", "4", "2"], counts.Select(c => c.Trim()));
        await session.ShotAsync("funnel");

        // The same question through the API gives the same counts.
        var query = await page.GetByTestId("insight-query").TextContentAsync();
        using (var client = session.Server.CreateClient(bearer: await session.CreateTokenAsync()))
        {
            using var body = new StringContent(query!, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync($"/api/projects/{session.ProjectId}/query", body, ct);
            using var answer = await response.Content.ReadFromJsonAsync<JsonDocument>(ct);
            var apiCounts = answer!.RootElement.GetProperty("groups")[0].GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("count").GetInt64().ToString(CultureInfo.InvariantCulture));
            Assert.Equal(counts.Select(c => c.Trim()), apiCounts);
        }

        // CSV of the same table.
        var csvHref = await page.GetByTestId("csv-export").GetAttributeAsync("href");
        using (var cookieClient = await SignedInClientAsync(session))
        {
            var csv = await cookieClient.GetStringAsync(csvHref, ct);
            var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("Step,Persons,Conversion", lines[0], StringComparison.Ordinal);
            Assert.Equal(["1. $pageview", "6"], lines[1].Split(',').Take(2));
            Assert.Equal(["3. purchase", "2"], lines[3].Split(',').Take(2));
        }

        // Drill into the persons who signed up and did not buy.
        var purchaseRow = table.Locator("tbody tr").Nth(2);
        await purchaseRow.Locator("td:nth-child(5)").GetByRole(AriaRole.Link).ClickAsync();
        await session.ExpectPathStartingWithAsync($"/p/{session.ProjectId}/insights/people");
        await Expect(page.GetByTestId("drill-total")).ToHaveTextAsync("2 persons");
        var people = page.GetByTestId("drill-people");
        await Expect(people.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(people).ToContainTextAsync("carol");
        await Expect(people).ToContainTextAsync("dave");
        await session.ShotAsync("dropped-persons");

        await page.GetByTestId("save-cohort").GetByLabel("Name").FillAsync("Signed up, never bought");
        await page.GetByTestId("save-cohort").GetByRole(AriaRole.Button).ClickAsync();
        await session.ExpectPathStartingWithAsync($"/p/{session.ProjectId}/cohorts/");
        await Expect(page.GetByTestId("cohort-size")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("members")).ToContainTextAsync("carol");
        var cohortId = Guid.Parse(page.Url.Split('/').Last());
        var catalog = session.Server.Services.GetRequiredService<CohortCatalog>();
        var saved = await catalog.FindAsync(session.ProjectId, cohortId, ct);
        Assert.Equal(["carol", "dave"], saved!.DistinctIds!.Order(StringComparer.Ordinal));
        await session.ShotAsync("saved-cohort");

        // Back to the funnel, drill into a step's converted persons from the chart's link list.
        await page.GoBackAsync();
        await page.GetByTestId("back-to-insight").ClickAsync();
        await Expect(form.GetByLabel("Step 2", new() { Exact = true })).ToHaveValueAsync("signup");
        await table.Locator("tbody tr").Nth(1).Locator("td:nth-child(2)").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByTestId("drill-total")).ToHaveTextAsync("4 persons");

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public async Task InsightsPage_TrendsWithBreakdown_TableMatchesApi_AndSpeaksChinese()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(InsightsPage_TrendsWithBreakdown_TableMatchesApi_AndSpeaksChinese));
        var ct = TestContext.Current.CancellationToken;
        await session.SendBatchAsync(Story());
        await session.SignInAsOwnerAsync();
        var page = session.Page;
        await page.GotoAsync($"/p/{session.ProjectId}/insights?kind=trends&event=signup&math=dau&by=utm_source&display=stacked");
        await Expect(page.GetByTestId("insight-chart")).ToHaveAttributeAsync("data-ready", "true");
        var rows = page.GetByTestId("insight-table").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        var totals = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.cells[0].textContent.trim() + '=' + r.cells[1].textContent.trim())");
        Assert.Equal(["signup · zhihu=3", "signup · wechat=1"], totals);
        await Expect(page.GetByTestId("insight-form").GetByLabel("Chart")).ToHaveValueAsync("stacked");

        var query = await page.GetByTestId("insight-query").TextContentAsync();
        using (var client = session.Server.CreateClient(bearer: await session.CreateTokenAsync()))
        {
            using var body = new StringContent(query!, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync($"/api/projects/{session.ProjectId}/query", body, ct);
            using var answer = await response.Content.ReadFromJsonAsync<JsonDocument>(ct);
            var apiTotals = answer!.RootElement.GetProperty("lines").EnumerateArray()
                .Select(l => "signup · " + l.GetProperty("breakdown").GetProperty("label").GetString() + "=" + l.GetProperty("total").GetDouble().ToString(CultureInfo.InvariantCulture));
            Assert.Equal(totals, apiTotals);
        }

        await session.ShotAsync("trend-breakdown");

        // A query the engine refuses answers 400 with the reason, and keeps the form.
        await page.GotoAsync($"/p/{session.ProjectId}/insights?kind=trends&event=signup&formula=A%2F%2F");
        await Expect(page.GetByTestId("insight-error")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("insight-form").GetByLabel("Formula (e.g. B/A)")).ToHaveValueAsync("A//");

        await page.GotoAsync($"/p/{session.ProjectId}/insights?kind=retention&event=signup&returnEvent=purchase&interval=day");
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("分析");
        await Expect(page.GetByTestId("insight-kinds").GetByRole(AriaRole.Link, new() { Name = "留存分析" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(page.GetByTestId("insight-result")).ToContainTextAsync("加权平均");
        await Expect(page.GetByTestId("insight-chart")).ToHaveAttributeAsync("data-ready", "true");
        await session.ShotAsync("retention-zh");
    }

    /// <summary>An HTTP client carrying the browser's session cookie, for downloads the browser would save.</summary>
    private static async Task<HttpClient> SignedInClientAsync(DashboardSession session)
    {
        var cookies = await session.Page.Context.CookiesAsync();
        var client = session.Server.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}")));
        return client;
    }
}
