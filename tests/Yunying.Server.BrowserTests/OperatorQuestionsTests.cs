using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Yunying.Analytics.Demo;
using Yunying.Events;
using static Microsoft.Playwright.Assertions;

namespace Yunying.Server.BrowserTests;

/// <summary>
/// The two questions an operator brings to the demo product, answered from the dashboard alone: which channel
/// brought people who stayed (retention by utm_source), and where new people drop off before their first
/// purchase (a funnel, its drop-offs listed and kept as a cohort). Every number shown is the engine's.
/// </summary>
public sealed partial class OperatorQuestionsTests(BrowserFixture browser)
{
    [Fact]
    public async Task DemoData_WhichChannelStayed_AndWhereNewPeopleDropOff()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(DemoData_WhichChannelStayed_AndWhereNewPeopleDropOff));
        var ct = TestContext.Current.CancellationToken;
        var options = new DemoOptions(30_000, 3_000, 35, 11, DateOnly.FromDateTime(DateTime.UtcNow));
        await DemoLoader.LoadAsync(session.Server.Services.GetRequiredService<EventStore>(), session.ProjectId, new DemoGenerator(options), null, ct);
        await session.SignInAsOwnerAsync();
        var page = session.Page;
        var errors = session.CollectConsoleErrors();
        using var api = session.Server.CreateClient(bearer: await session.CreateTokenAsync());

        // Which channel brought people who stayed? Weekly retention of signups, one matrix per channel.
        await page.GotoAsync($"/p/{session.ProjectId}/insights?kind=retention&event=signup&interval=week&periods=4&from=-35d&by=utm_source&byLimit=10");
        await Expect(page.GetByTestId("insight-chart")).ToHaveAttributeAsync("data-ready", "true");
        var retention = await AskAsync(api, session.ProjectId, await page.GetByTestId("insight-query").TextContentAsync(), ct);
        var matrices = retention.GetProperty("matrices").EnumerateArray().ToList();
        Assert.True(matrices.Count >= 5, $"{matrices.Count} channels");
        var tables = page.GetByTestId("insight-table");
        await Expect(tables).ToHaveCountAsync(matrices.Count);
        foreach (var matrix in matrices)
        {
            var channel = matrix.GetProperty("breakdown").GetProperty("label").GetString()!;
            var rows = await page.Locator($"[data-testid=insight-table][data-group=\"{channel}\"] tbody tr")
                .EvaluateAllAsync<string[][]>("rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))");
            var cohorts = matrix.GetProperty("cohorts").EnumerateArray().ToList();
            Assert.Equal(cohorts.Count + 1, rows.Length);
            for (var c = 0; c < cohorts.Count; c++)
            {
                Assert.Equal(cohorts[c].GetProperty("size").GetInt64().ToString("N0", CultureInfo.InvariantCulture), rows[c][1]);
                var shown = rows[c].Skip(2).Where(cell => cell.Length > 0).Select(cell => InParentheses().Match(cell).Groups[1].Value.Replace(",", "", StringComparison.Ordinal));
                Assert.Equal(cohorts[c].GetProperty("values").EnumerateArray().Select(v => v.GetInt64().ToString(CultureInfo.InvariantCulture)), shown);
            }
        }

        // The channel with the best week-1 mean is there to read off, and it differs from the worst.
        var week1 = matrices.ToDictionary(
            m => m.GetProperty("breakdown").GetProperty("label").GetString()!,
            m => m.GetProperty("mean").EnumerateArray().First(p => p.GetProperty("period").GetInt32() == 1).GetProperty("percentage").GetDouble());
        Assert.True(week1.Values.Max() > week1.Values.Min(), string.Join(", ", week1));
        await session.ShotAsync("retention-by-channel");

        // Where do new people drop off before their first purchase? The funnel's biggest drop, then those people.
        await page.GotoAsync($"/p/{session.ProjectId}/insights?kind=funnel&event=signup&event=first_action&event=purchase&window=14&windowUnit=day&from=-35d");
        await Expect(page.GetByTestId("insight-chart")).ToHaveAttributeAsync("data-ready", "true");
        var funnel = await AskAsync(api, session.ProjectId, await page.GetByTestId("insight-query").TextContentAsync(), ct);
        var steps = funnel.GetProperty("groups")[0].GetProperty("steps").EnumerateArray().ToList();
        var worst = Enumerable.Range(1, steps.Count - 1).MaxBy(i => steps[i].GetProperty("droppedOff").GetInt64());
        var dropped = steps[worst].GetProperty("droppedOff").GetInt64();
        Assert.True(dropped > 0);
        var table = page.GetByTestId("insight-table");
        await Expect(table.Locator("tbody tr").Nth(worst).Locator("td:nth-child(2)")).ToHaveTextAsync(steps[worst].GetProperty("count").GetInt64().ToString("N0", CultureInfo.InvariantCulture));
        await table.Locator("tbody tr").Nth(worst).Locator("td:nth-child(5)").GetByRole(AriaRole.Link).ClickAsync();
        var total = dropped.ToString("N0", CultureInfo.InvariantCulture);
        await Expect(page.GetByTestId("drill-total")).ToHaveTextAsync($"{total} persons");
        await session.ShotAsync("dropped-before-purchase");
        await page.GetByTestId("save-cohort").GetByLabel("Name").FillAsync("Dropped before purchase");
        await page.GetByTestId("save-cohort").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.GetByTestId("cohort-size")).ToHaveTextAsync(total);

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    private static async Task<JsonElement> AskAsync(HttpClient api, Guid projectId, string? query, CancellationToken ct)
    {
        using var body = new StringContent(query!, Encoding.UTF8, "application/json");
        using var response = await api.PostAsync($"/api/projects/{projectId}/query", body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [GeneratedRegex(@"\(([\d,]+)\)")]
    private static partial Regex InParentheses();
}
