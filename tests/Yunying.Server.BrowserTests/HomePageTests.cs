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
/// The project home's AARRR overview on demo data: every number on the page is the query API's
/// <c>overview</c> answer, and the figures it reads from its trends and retention queries are those
/// queries' own answers. In English and Chinese, with the pictures drawn.
/// </summary>
public sealed class HomePageTests(BrowserFixture browser)
{
    private static readonly string[] Figures =
    [
        "newPeople", "activePeople", "activationRate", "activated", "d1", "d7", "d30", "revenue", "payingPeople",
        "arpu", "arppu", "referralsPerActive", "kFactor", "referralEvents", "invitedNewPeople",
    ];

    [Theory]
    [InlineData("en-US", "Acquisition")]
    [InlineData("zh-CN", "获客 Acquisition")]
    public async Task HomePage_DemoData_NumbersMatchTheQueryApi(string locale, string acquisition)
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(HomePage_DemoData_NumbersMatchTheQueryApi) + "-" + locale, locale);
        var ct = TestContext.Current.CancellationToken;
        var options = new DemoOptions(30_000, 3_000, 60, 7, DateOnly.FromDateTime(DateTime.UtcNow));
        await DemoLoader.LoadAsync(session.Server.Services.GetRequiredService<EventStore>(), session.ProjectId, new DemoGenerator(options), null, ct);
        await session.SignInAsOwnerAsync();
        var page = session.Page;
        var errors = session.CollectConsoleErrors();
        using var api = session.Server.CreateClient(bearer: await session.CreateTokenAsync());

        await page.GotoAsync($"/p/{session.ProjectId}");
        await Expect(page.GetByTestId("card-acquisition").GetByRole(AriaRole.Heading, new() { Name = acquisition })).ToBeVisibleAsync();
        foreach (var chart in new[] { "chart-channels", "chart-retention", "chart-funnel" })
        {
            await Expect(page.GetByTestId(chart)).ToHaveAttributeAsync("data-ready", "true");
        }

        var overview = await AskAsync(api, session.ProjectId, await page.GetByTestId("overview-query").TextContentAsync(), ct);
        var current = overview.GetProperty("current");
        foreach (var figure in Figures)
        {
            var shown = await page.GetByTestId("overview-" + figure).GetAttributeAsync("data-value");
            var expected = current.GetProperty(figure);
            if (expected.ValueKind == JsonValueKind.Null)
            {
                Assert.Equal(string.Empty, shown);
            }
            else
            {
                Assert.True(Math.Abs(expected.GetDouble() - double.Parse(shown!, CultureInfo.InvariantCulture)) < 1e-9, $"{figure}: page {shown}, API {expected}");
            }
        }

        Assert.True(current.GetProperty("newPeople").GetInt64() > 100);
        Assert.True(current.GetProperty("payingPeople").GetInt64() > 0);
        Assert.True(current.GetProperty("d1").GetDouble() > 0);

        var channels = await page.GetByTestId("overview-channels").Locator("tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [r.dataset.channel, r.cells[1].dataset.value])");
        Assert.Equal(
            current.GetProperty("channels").EnumerateArray().Select(c => new[] { c.GetProperty("breakdown").GetProperty("label").GetString()!, c.GetProperty("newPeople").GetInt64().ToString(CultureInfo.InvariantCulture) }),
            channels);
        var stages = await page.GetByTestId("overview-funnel").Locator("tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [r.dataset.stage, r.cells[1].dataset.value])");
        Assert.Equal(
            current.GetProperty("funnel").EnumerateArray().Select(s => new[] { s.GetProperty("stage").GetString()!, s.GetProperty("people").GetInt64().ToString(CultureInfo.InvariantCulture) }),
            stages);
        var funnel = current.GetProperty("funnel").EnumerateArray().Select(s => s.GetProperty("people").GetInt64()).ToList();
        Assert.True(funnel.Zip(funnel.Skip(1)).All(p => p.First >= p.Second) && funnel[^1] > 0, string.Join(",", funnel));

        // The figures the overview reads from the query model are those queries' own answers.
        var queries = overview.GetProperty("queries");
        var trends = await AskAsync(api, session.ProjectId, queries.GetProperty("trends").GetRawText(), ct);
        double Total(int series, string compare) => trends.GetProperty("lines").EnumerateArray()
            .Where(l => l.GetProperty("series").GetInt32() == series && l.GetProperty("compare").GetString() == compare)
            .Sum(l => l.GetProperty("total").GetDouble());
        var previous = overview.GetProperty("previous");
        foreach (var (period, compare) in new[] { (current, "current"), (previous, "previous") })
        {
            Assert.Equal(period.GetProperty("activePeople").GetDouble(), Total(0, compare));
            Assert.Equal(period.GetProperty("revenue").GetDouble(), Total(1, compare), 6);
            Assert.Equal(period.GetProperty("payingPeople").GetDouble(), Total(2, compare));
            Assert.Equal(period.GetProperty("referralEvents").GetDouble(), Total(3, compare) + Total(4, compare));
        }

        var retention = await AskAsync(api, session.ProjectId, queries.GetProperty("retention").GetRawText(), ct);
        var from = current.GetProperty("from").GetDateTimeOffset();
        var to = current.GetProperty("to").GetDateTimeOffset();
        var sizes = retention.GetProperty("matrices")[0].GetProperty("cohorts").EnumerateArray()
            .Where(c => c.GetProperty("start").GetDateTimeOffset() >= from && c.GetProperty("start").GetDateTimeOffset() < to)
            .Sum(c => c.GetProperty("size").GetInt64());
        Assert.Equal(current.GetProperty("newPeople").GetInt64(), sizes);
        Assert.Equal(current.GetProperty("newPeople").GetInt64(), funnel[0]);

        // "Open as an insight" opens the retention the numbers came from in the builder.
        await page.GetByTestId("card-retention").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByTestId("insight-chart")).ToHaveAttributeAsync("data-ready", "true");
        Assert.Equal(retention.GetProperty("matrices")[0].GetProperty("cohorts").GetArrayLength(), await page.GetByTestId("insight-table").First.Locator("tbody tr").CountAsync() - 1);
        await page.GoBackAsync();
        await session.ShotAsync("aarrr-home");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task HomePage_OtherActivationEvent_RecomputedAndBadSettingsRefused()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(HomePage_OtherActivationEvent_RecomputedAndBadSettingsRefused));
        var ct = TestContext.Current.CancellationToken;
        var options = new DemoOptions(10_000, 1_000, 30, 3, DateOnly.FromDateTime(DateTime.UtcNow));
        await DemoLoader.LoadAsync(session.Server.Services.GetRequiredService<EventStore>(), session.ProjectId, new DemoGenerator(options), null, ct);
        await session.SignInAsOwnerAsync();
        var page = session.Page;

        await page.GotoAsync($"/p/{session.ProjectId}");
        var byDefault = double.Parse((await page.GetByTestId("overview-activated").GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
        await page.GetByText("Events and properties of the overview").ClickAsync();
        await page.GetByLabel("Activation event").FillAsync("purchase");
        await page.GetByLabel("Within days of first seen").FillAsync("30");
        await page.GetByTestId("overview-run").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("activationEvent=purchase"));
        var purchases = double.Parse((await page.GetByTestId("overview-activated").GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
        var paying = double.Parse((await page.GetByTestId("overview-payingPeople").GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
        Assert.NotEqual(byDefault, purchases);
        Assert.True(purchases > 0 && purchases <= byDefault + paying, $"{byDefault} {purchases} {paying}");

        var refused = await page.GotoAsync($"/p/{session.ProjectId}?activationDays=400");
        Assert.Equal(400, refused!.Status);
        await Expect(page.GetByTestId("overview-error")).ToContainTextAsync("activationDays");
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
