using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Yunying.Analytics.Demo;
using Yunying.Events;
using static Microsoft.Playwright.Assertions;

namespace Yunying.Server.BrowserTests;

/// <summary>
/// Drill-down on the demo data: a weekly retention heat-map cell, a trend bar and a lifecycle bar, clicked on the chart itself,
/// open the persons behind the number; the list's total is the number the query API answers for that cell or
/// point, and saved as a static cohort it keeps that many persons.
/// </summary>
public sealed class DrillDownTests(BrowserFixture browser)
{
    [Fact]
    public async Task Insights_ClickRetentionCellTrendBarAndLifecycleBar_ListsThosePersons_AndSavesThemAsCohorts()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(Insights_ClickRetentionCellTrendBarAndLifecycleBar_ListsThosePersons_AndSavesThemAsCohorts));
        var ct = TestContext.Current.CancellationToken;
        var options = new DemoOptions(12_000, 1_000, 35, 7, DateOnly.FromDateTime(DateTime.UtcNow));
        await DemoLoader.LoadAsync(session.Server.Services.GetRequiredService<EventStore>(), session.ProjectId, new DemoGenerator(options), null, ct);
        await session.SignInAsOwnerAsync();
        var page = session.Page;
        var errors = session.CollectConsoleErrors();
        using var api = session.Server.CreateClient(bearer: await session.CreateTokenAsync());

        // Weekly retention of signups returning with any event: click the week-1 cell of the biggest cohort.
        await page.GotoAsync($"/p/{session.ProjectId}/insights?kind=retention&event=signup&interval=week&periods=3&from=-35d");
        await Expect(page.GetByTestId("insight-chart")).ToHaveAttributeAsync("data-ready", "true");
        var retention = await AskAsync(api, session.ProjectId, await page.GetByTestId("insight-query").TextContentAsync(), ct);
        var cohorts = retention.GetProperty("matrices")[0].GetProperty("cohorts").EnumerateArray().ToList();
        var row = Enumerable.Range(0, cohorts.Count).Where(c => cohorts[c].GetProperty("values").GetArrayLength() > 1)
            .MaxBy(c => cohorts[c].GetProperty("values")[1].GetInt64());
        var retained = cohorts[row].GetProperty("values")[1].GetInt64();
        Assert.True(retained > 0, "a cohort with persons back in week 1");
        await ClickChartAsync(page, row: row, column: 1);
        await Expect(page.GetByTestId("drill-heading")).ToHaveTextAsync($"Persons of the cohort {cohorts[row].GetProperty("label").GetString()} who came back in period 1");
        await Expect(page.GetByTestId("drill-total")).ToHaveTextAsync($"{retained.ToString("N0", CultureInfo.InvariantCulture)} persons");
        await Expect(page.GetByTestId("drill-people").Locator("tbody tr")).ToHaveCountAsync((int)Math.Min(retained, 50));
        await session.ShotAsync("retention-cell-persons");
        await SaveCohortAsync(page, "Came back in week 1", retained);

        // The same cell through the table's link gives the same list.
        await page.GoBackAsync();
        await page.GoBackAsync();
        await Expect(page.GetByTestId("insight-chart")).ToHaveAttributeAsync("data-ready", "true");
        await page.GetByTestId("insight-table").Locator("tbody tr").Nth(row).Locator("td:nth-child(4)").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByTestId("drill-total")).ToHaveTextAsync($"{retained.ToString("N0", CultureInfo.InvariantCulture)} persons");

        // Daily active persons as bars: click the busiest day's bar.
        await page.GotoAsync($"/p/{session.ProjectId}/insights?kind=trends&event=%24pageview&math=dau&from=-14d&display=bar");
        await Expect(page.GetByTestId("insight-chart")).ToHaveAttributeAsync("data-ready", "true");
        var trends = await AskAsync(api, session.ProjectId, await page.GetByTestId("insight-query").TextContentAsync(), ct);
        var line = trends.GetProperty("lines")[0];
        var values = line.GetProperty("values").EnumerateArray().Select(v => (long)v.GetDouble()).ToList();
        var day = Enumerable.Range(0, values.Count).MaxBy(i => values[i]);
        Assert.True(values[day] > 0, "a day with active persons");
        await ClickChartAsync(page, row: values[day] / 2, column: day);
        await Expect(page.GetByTestId("drill-heading")).ToHaveTextAsync($"Persons counted in series A on {line.GetProperty("labels")[day].GetString()}");
        await Expect(page.GetByTestId("drill-total")).ToHaveTextAsync($"{values[day].ToString("N0", CultureInfo.InvariantCulture)} persons");
        await session.ShotAsync("trend-bar-persons");
        await SaveCohortAsync(page, "Active on the busiest day", values[day]);

        // Weekly lifecycle: click the biggest dormant bar (below zero) on the chart, then a returning number in the table.
        await page.GotoAsync($"/p/{session.ProjectId}/insights?kind=lifecycle&event=%24pageview&interval=week&from=-35d");
        await Expect(page.GetByTestId("insight-chart")).ToHaveAttributeAsync("data-ready", "true");
        var lifecycle = await AskAsync(api, session.ProjectId, await page.GetByTestId("insight-query").TextContentAsync(), ct);
        var weeks = lifecycle.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToList();
        var lines = lifecycle.GetProperty("lines").EnumerateArray().ToList();
        long[] Line(int status) => [.. lines[status].GetProperty("values").EnumerateArray().Select(v => v.GetInt64())];
        var dormant = Line(3);
        var week = Enumerable.Range(0, dormant.Length).MinBy(i => dormant[i]);
        Assert.True(dormant[week] < 0, "a week with dormant persons");
        await ClickChartAsync(page, row: dormant[week] / 2, column: week, series: 3);
        await Expect(page.GetByTestId("drill-heading")).ToHaveTextAsync($"Dormant persons on {weeks[week]}");
        await Expect(page.GetByTestId("drill-total")).ToHaveTextAsync($"{(-dormant[week]).ToString("N0", CultureInfo.InvariantCulture)} persons");
        await session.ShotAsync("lifecycle-dormant-persons");
        await SaveCohortAsync(page, "Went dormant", -dormant[week]);

        await page.GoBackAsync();
        await page.GoBackAsync();
        await Expect(page.GetByTestId("insight-chart")).ToHaveAttributeAsync("data-ready", "true");
        var returning = Line(1);
        var busiest = Enumerable.Range(0, returning.Length).MaxBy(i => returning[i]);
        Assert.True(returning[busiest] > 0, "a week with returning persons");
        await page.GetByTestId("insight-table").Locator("tbody tr").Nth(1).Locator($"td:nth-child({busiest + 3})").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByTestId("drill-heading")).ToHaveTextAsync($"Returning persons on {weeks[busiest]}");
        await Expect(page.GetByTestId("drill-total")).ToHaveTextAsync($"{returning[busiest].ToString("N0", CultureInfo.InvariantCulture)} persons");

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    /// <summary>Clicks the chart where ECharts draws the data point (<paramref name="column"/>, <paramref name="row"/>) of one series (the first by default).</summary>
    private static async Task ClickChartAsync(IPage page, long row, int column, int series = 0)
    {
        var chart = page.GetByTestId("insight-chart");
        await chart.ScrollIntoViewIfNeededAsync();
        var point = await chart.EvaluateAsync<double[]>(
            "(holder, [at, series]) => echarts.getInstanceByDom(holder).convertToPixel({ seriesIndex: series }, at)",
            new object[] { new[] { column, row }, series });
        var box = await chart.BoundingBoxAsync();
        await page.Mouse.ClickAsync((float)(box!.X + point[0]), (float)(box.Y + point[1]));
    }

    private static async Task SaveCohortAsync(IPage page, string name, long size)
    {
        await page.GetByTestId("save-cohort").GetByLabel("Name").FillAsync(name);
        await page.GetByTestId("save-cohort").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.GetByTestId("cohort-size")).ToHaveTextAsync(size.ToString("N0", CultureInfo.InvariantCulture));
    }

    private static async Task<JsonElement> AskAsync(HttpClient api, Guid projectId, string? query, CancellationToken ct)
    {
        using var body = new StringContent(query!, Encoding.UTF8, "application/json");
        using var response = await api.PostAsync($"/api/projects/{projectId}/query", body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
