using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Yunying.Analytics.Cohorts;
using Yunying.Core.Tenancy;
using Yunying.Data.Tenancy;
using static Microsoft.Playwright.Assertions;

namespace Yunying.Server.BrowserTests;

/// <summary>Analytics › Cohorts: the builder, rule JSON and CSV forms, a cohort's size, chart and members, and who may change them.</summary>
public sealed class CohortsPageTests(BrowserFixture browser)
{
    private const string ViewerPassword = "viewer-password-1";

    /// <summary>
    /// Buyers of the last days: alice and erin bought twice and are on "pro"; bob bought twice but asked for a
    /// refund yesterday; carol bought once; dave bought three times on "free". Timestamps are relative to now,
    /// since the rules count "the last N days".
    /// </summary>
    private static string Story()
    {
        var now = DateTimeOffset.UtcNow;
        string At(double daysAgo) => now.AddDays(-daysAgo).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var events = new List<string>();
        void Buy(string who, string plan, params double[] daysAgo)
        {
            foreach (var d in daysAgo)
            {
                var set = $$"""{"plan":"{{plan}}"}""";
                events.Add($$"""{"event":"purchase","distinct_id":"{{who}}","timestamp":"{{At(d)}}","properties":{"amount":10,"$set":{{set}} } }""");
            }
        }

        Buy("alice", "pro", 3, 1.5);
        Buy("bob", "pro", 4, 2);
        Buy("carol", "pro", 2);
        Buy("dave", "free", 5, 3, 1);
        Buy("erin", "pro", 12, 0.5);
        events.Add($$"""{"event":"refund","distinct_id":"bob","timestamp":"{{At(1)}}"}""");
        events.Add($$"""{"event":"$pageview","distinct_id":"frank","timestamp":"{{At(1)}}"}""");
        return "[" + string.Join(",", events) + "]";
    }

    [Fact]
    public async Task CohortsPage_BuilderAndCsvCohorts_SizeMembersAndChartMatchApi()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(CohortsPage_BuilderAndCsvCohorts_SizeMembersAndChartMatchApi));
        var ct = TestContext.Current.CancellationToken;
        await session.SendBatchAsync(Story());
        await session.SignInAsOwnerAsync();
        var page = session.Page;
        var errors = session.CollectConsoleErrors();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Cohorts", Exact = true }).ClickAsync();
        await session.ExpectPathAsync($"/p/{session.ProjectId}/cohorts");
        await Expect(page.GetByTestId("no-cohorts")).ToBeVisibleAsync();
        await session.ShotAsync("cohorts-empty");

        // The advanced form refuses a rule that cannot run, and keeps what was typed.
        var ruleForm = page.GetByTestId("rule-form");
        await ruleForm.GetByLabel("Cohort name").FillAsync("Broken");
        await ruleForm.GetByLabel("Rule (JSON)").FillAsync("""{"type":"performed","event":"purchase","lastDays":0}""");
        await ruleForm.GetByRole(AriaRole.Button, new() { Name = "Create cohort" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'performed' needs lastDays 1–3650");
        await Expect(ruleForm.GetByLabel("Rule (JSON)")).ToHaveValueAsync("""{"type":"performed","event":"purchase","lastDays":0}""");
        await Expect(ruleForm.GetByLabel("Cohort name")).ToHaveValueAsync("Broken");
        await Expect(page.GetByTestId("no-cohorts")).ToBeVisibleAsync();
        await session.ShotAsync("rule-refused");

        var builder = page.GetByTestId("builder-form");
        await builder.GetByLabel("Cohort name").FillAsync("Loyal pro buyers");
        await builder.GetByLabel("Description").FillAsync("twice in 30 days, no refund");
        await builder.GetByLabel("Event", new() { Exact = true }).SelectOptionAsync("purchase");
        await builder.GetByLabel("At least (times)").FillAsync("2");
        await builder.GetByLabel("In the last (days)", new() { Exact = true }).FillAsync("30");
        await builder.GetByLabel("Event to exclude").SelectOptionAsync("refund");
        await builder.GetByLabel("Not in the last (days)").FillAsync("7");
        await builder.GetByLabel("Property", new() { Exact = true }).FillAsync("plan");
        await builder.GetByLabel("Equals").FillAsync("pro");
        // The refused form answered 400, which Chromium reports on the console; from here on nothing may fail to load.
        errors.Clear();
        await builder.GetByRole(AriaRole.Button, new() { Name = "Create cohort" }).ClickAsync();

        await session.ExpectPathStartingWithAsync($"/p/{session.ProjectId}/cohorts/");
        var cohortId = Guid.Parse(page.Url.Split('/').Last());
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Cohort “Loyal pro buyers” was created.");
        await Expect(page.GetByTestId("cohort-name")).ToHaveTextAsync("Loyal pro buyers");
        await Expect(page.GetByTestId("cohort-rule")).ToHaveTextAsync(
            "did purchase at least 2 times in the last 30 days and did not do refund in the last 7 days and person property plan = “pro”");
        await Expect(page.GetByTestId("cohort-size")).ToHaveTextAsync("2");
        var members = page.GetByTestId("members").Locator("tbody tr");
        await Expect(members).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("members")).ToContainTextAsync("alice");
        await Expect(page.GetByTestId("members")).ToContainTextAsync("erin");
        // ECharts draws into a canvas once the data in the page is read.
        await Expect(page.GetByTestId("cohort-chart").Locator("canvas")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("cohort-chart")).ToHaveAttributeAsync("data-ready", "true");
        await session.ShotAsync("builder-cohort");

        // The same numbers through the API, with a personal token.
        using (var client = session.Server.CreateClient(bearer: await session.CreateTokenAsync()))
        {
            using var view = await client.GetFromJsonAsync<JsonDocument>($"/api/projects/{session.ProjectId}/cohorts/{cohortId}", ct);
            Assert.Equal(2, view!.RootElement.GetProperty("size").GetInt32());
            using var people = await client.GetFromJsonAsync<JsonDocument>($"/api/projects/{session.ProjectId}/cohorts/{cohortId}/people", ct);
            var apiIds = people!.RootElement.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("id").GetGuid().ToString()).Order().ToList();
            var pageIds = (await members.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.person)")).Order().ToList();
            Assert.Equal(apiIds, pageIds);

            using var sizes = await client.GetFromJsonAsync<JsonDocument>($"/api/projects/{session.ProjectId}/cohorts/{cohortId}/sizes", ct);
            var apiSizes = sizes!.RootElement.GetProperty("sizes").EnumerateArray().Select(s => s.GetInt32().ToString("N0", CultureInfo.InvariantCulture)).ToList();
            var tableSizes = await page.GetByTestId("cohort-sizes").Locator("tbody tr td:last-child").AllTextContentsAsync();
            Assert.Equal(apiSizes, tableSizes);
            Assert.Equal("2", tableSizes[^1]);
        }

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        // The chart library is the build's copy from npm, embedded and served like the other static files.
        using (var anonymous = session.Server.CreateClient())
        using (var library = await anonymous.GetAsync("/lib/echarts.min.js", ct))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, library.StatusCode);
            Assert.Contains("javascript", library.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            Assert.Contains("echarts", await library.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        await members.First.GetByRole(AriaRole.Link).ClickAsync();
        await session.ExpectPathStartingWithAsync($"/p/{session.ProjectId}/people/");
        await Expect(page.GetByTestId("person-timeline")).ToContainTextAsync("purchase");

        // A static cohort from an uploaded CSV: a distinct_id column; an id nobody has used counts for no one.
        await page.GotoAsync($"/p/{session.ProjectId}/cohorts");
        var fixedIds = page.GetByTestId("static-form");
        await fixedIds.GetByLabel("Cohort name").FillAsync("VIP list");
        await fixedIds.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload
        {
            Name = "vip.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("note,distinct_id\nfirst,alice\nsecond,carol\nthird,nobody-yet\n"),
        });
        await fixedIds.GetByRole(AriaRole.Button, new() { Name = "Create cohort" }).ClickAsync();
        await session.ExpectPathStartingWithAsync($"/p/{session.ProjectId}/cohorts/");
        await Expect(page.GetByTestId("cohort-rule")).ToHaveTextAsync("A fixed list of 3 distinct ids.");
        await Expect(page.GetByTestId("cohort-size")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("members")).ToContainTextAsync("carol");
        await session.ShotAsync("csv-cohort");

        await page.GetByRole(AriaRole.Link, new() { Name = "Cohorts", Exact = true }).First.ClickAsync();
        var rows = page.GetByTestId("cohorts").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.Locator($"tr[data-cohort='{cohortId}']")).ToContainTextAsync("Dynamic");
        await Expect(page.Locator($"tr[data-cohort='{cohortId}'] [data-testid=cohort-size]")).ToHaveTextAsync("2");
        await session.ShotAsync("cohorts-listed");

        // In Chinese: the same pages, the rule in Chinese words.
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("用户分群");
        await Expect(page.GetByTestId("cohorts")).ToContainTextAsync("动态");
        await Expect(page.GetByTestId("builder-form").GetByRole(AriaRole.Button, new() { Name = "创建分群" })).ToBeVisibleAsync();
        await session.ShotAsync("cohorts-zh");
        await page.GotoAsync($"/p/{session.ProjectId}/cohorts/{cohortId}");
        await Expect(page.GetByTestId("cohort-rule")).ToHaveTextAsync(
            "最近 30 天内做过 purchase 至少 2 次，且最近 7 天内没有做过 refund，且用户属性 plan = “pro”");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "分群中的用户" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("cohort-chart").Locator("canvas")).ToHaveCountAsync(1);
        await session.ShotAsync("cohort-zh");

        await page.GetByTestId("delete-cohort").ClickAsync();
        await session.ExpectPathAsync($"/p/{session.ProjectId}/cohorts");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已删除分群“Loyal pro buyers”。");
        await Expect(rows).ToHaveCountAsync(1);
        Assert.Contains("删除分群“Loyal pro buyers”？", session.Dialogs);
    }

    [Fact]
    public async Task CohortsPage_Viewer_SeesNoFormsAndForgedPostsAreRefused()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(CohortsPage_Viewer_SeesNoFormsAndForgedPostsAreRefused));
        var ct = TestContext.Current.CancellationToken;
        await session.SendBatchAsync(Story());
        var catalog = session.Server.Services.GetRequiredService<CohortCatalog>();
        var saved = await catalog.SaveAsync(
            session.ProjectId, null, new CohortInput("Buyers", Rule: new PerformedRule("purchase")), "Asia/Shanghai", ct);
        Assert.True(saved.IsSuccess, saved.Error?.Message);
        var cohortId = saved.Value.Id;

        await session.CreateOperatorAsync("zhao.viewer", ViewerPassword);
        await using (var scope = session.Server.Services.CreateAsyncScope())
        {
            var added = await scope.ServiceProvider.GetRequiredService<ProjectService>()
                .SetMemberAsync(Caller.ForOperator(await session.OwnerIdAsync()), session.ProjectId, "zhao.viewer", ProjectRole.Viewer, ct);
            Assert.True(added.IsSuccess, added.Error?.Message);
        }

        await session.SignInAsync("zhao.viewer", ViewerPassword);
        var page = session.Page;
        await page.GotoAsync($"/p/{session.ProjectId}/cohorts");
        await Expect(page.GetByTestId("cohorts").Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("cohorts-read-only")).ToHaveTextAsync("Your role is Viewer: you can look at cohorts, but not create or delete them.");
        await Expect(page.GetByTestId("builder-form")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("rule-form")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("static-form")).ToHaveCountAsync(0);
        await session.ShotAsync("viewer-list");

        await page.GotoAsync($"/p/{session.ProjectId}/cohorts/{cohortId}");
        await Expect(page.GetByTestId("cohort-size")).ToHaveTextAsync("5");
        await Expect(page.GetByTestId("delete-cohort")).ToHaveCountAsync(0);
        await session.ShotAsync("viewer-cohort");

        // The viewer's own form token (the language form carries one), posted at every changing handler.
        var antiforgery = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var posts = new[]
        {
            ($"/p/{session.ProjectId}/cohorts?handler=Builder", "event", "purchase"),
            ($"/p/{session.ProjectId}/cohorts?handler=Rule", "RuleJson", """{"type":"performed","event":"purchase"}"""),
            ($"/p/{session.ProjectId}/cohorts?handler=Static", "Ids", "alice"),
            ($"/p/{session.ProjectId}/cohorts/{cohortId}?handler=Delete", "confirm", "on"),
        };
        foreach (var (path, field, value) in posts)
        {
            var response = await page.APIRequest.PostAsync(path, new()
            {
                Form = page.APIRequest.CreateFormData()
                    .Set("__RequestVerificationToken", antiforgery!)
                    .Set("Name", "Forged")
                    .Set(field, value),
                MaxRedirects = 0,
            });
            Assert.Equal(302, response.Status);
            Assert.Contains("/denied", response.Headers["location"], StringComparison.Ordinal);
        }

        var after = await catalog.ListAsync(session.ProjectId, ct);
        Assert.Equal(["Buyers"], after.Select(c => c.Name));
    }
}
