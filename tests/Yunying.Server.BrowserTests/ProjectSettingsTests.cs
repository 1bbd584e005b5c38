using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Yunying.Server.BrowserTests;

/// <summary>Settings › Projects and Settings › General and keys.</summary>
public sealed partial class ProjectSettingsTests(BrowserFixture browser)
{
    [Fact]
    public async Task CreateProject_FromSettings_InSwitcherAndSecretShownOnce()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(CreateProject_FromSettings_InSwitcherAndSecretShownOnce));
        await session.SignInAsOwnerAsync();
        var page = session.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "Settings", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Projects", Exact = true }).ClickAsync();
        await session.ExpectPathAsync("/projects");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "My projects" })).ToContainTextAsync("My product");
        await Expect(page.GetByLabel("Time zone")).ToHaveValueAsync("Asia/Shanghai");
        await Expect(page.GetByLabel("Currency")).ToHaveValueAsync("CNY");

        await page.GetByLabel("Project name").FillAsync("WeChat mini program 小程序");
        await page.GetByLabel("Time zone").FillAsync("Asia/Hong_Kong");
        await page.GetByLabel("Currency").FillAsync("hkd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(ProjectSettingsUrl());
        var secret = page.GetByTestId("one-time-secret");
        await Expect(secret).ToHaveTextAsync(SecretKeyPattern());
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("It is shown only this once.");
        var switcher = page.GetByLabel("Project", new() { Exact = true });
        await Expect(switcher.Locator("option:checked")).ToHaveTextAsync("WeChat mini program 小程序");
        await Expect(switcher.Locator("option")).ToHaveTextAsync(["My product", "WeChat mini program 小程序"]);
        await Expect(page.GetByLabel("Time zone")).ToHaveValueAsync("Asia/Hong_Kong");
        await Expect(page.GetByLabel("Currency")).ToHaveValueAsync("HKD");
        var shown = await secret.TextContentAsync();
        await Expect(page.GetByTestId("secret-key-hint")).ToHaveTextAsync(shown![..10] + "…");
        await session.ShotAsync("project-created-secret-once");

        await page.ReloadAsync();
        await Expect(page.GetByTestId("one-time-secret")).ToHaveCountAsync(0);
        await Expect(page.GetByText(shown)).ToHaveCountAsync(0);

        // The switcher goes to the same area of the other project.
        await switcher.SelectOptionAsync(new SelectOptionValue { Label = "My product" });
        await Expect(page).ToHaveURLAsync(new Regex($"/p/{session.ProjectId}/settings$"));
        await session.ShotAsync("switched-back");
    }

    [Fact]
    public async Task RotateKeys_WriteAndSecret_NewValuesShown()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(RotateKeys_WriteAndSecret_NewValuesShown));
        await session.SignInAsOwnerAsync();
        var page = session.Page;
        await page.GotoAsync($"/p/{session.ProjectId}/settings");
        var writeKey = page.GetByTestId("write-key");
        var before = await writeKey.TextContentAsync();
        var hintBefore = await page.GetByTestId("secret-key-hint").TextContentAsync();
        await session.ShotAsync("keys-before");

        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate write key" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The write key was rotated.");
        await Expect(writeKey).Not.ToHaveTextAsync(before!);
        await Expect(writeKey).ToHaveTextAsync(new Regex("^ywk_[0-9A-Za-z]{32}$"));
        Assert.Contains(session.Dialogs, d => d.StartsWith("Rotate the write key?", StringComparison.Ordinal));
        await session.ShotAsync("write-key-rotated");

        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate secret key" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The secret key was rotated.");
        var secret = await page.GetByTestId("one-time-secret").TextContentAsync();
        Assert.Matches(SecretKeyPattern(), secret);
        await Expect(page.GetByTestId("secret-key-hint")).Not.ToHaveTextAsync(hintBefore!);
        await Expect(page.GetByTestId("secret-key-hint")).ToHaveTextAsync(secret![..10] + "…");
        Assert.Contains(session.Dialogs, d => d.StartsWith("Rotate the secret key?", StringComparison.Ordinal));
        await session.ShotAsync("secret-key-rotated");

        // The new secret key really is the project's: the admin API accepts it.
        using var client = session.Server.CreateClient(bearer: secret);
        using var response = await client.GetAsync($"/api/projects/{session.ProjectId}", TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET /api/projects/{{id}} with the new secret key answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task EditProject_ValidAndInvalidValues_SavesOrExplains()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(EditProject_ValidAndInvalidValues_SavesOrExplains));
        await session.SignInAsOwnerAsync();
        var page = session.Page;
        await page.GotoAsync($"/p/{session.ProjectId}/settings");

        await page.GetByLabel("Project name").FillAsync("Renamed product");
        await page.GetByLabel("Currency").FillAsync("USD");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Settings saved.");
        await Expect(page.GetByLabel("Project name")).ToHaveValueAsync("Renamed product");
        await Expect(page.GetByLabel("Project", new() { Exact = true }).Locator("option:checked")).ToHaveTextAsync("Renamed product");

        await page.GetByLabel("Time zone").FillAsync("Mars/Olympus_Mons");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'Mars/Olympus_Mons' is not a known IANA time zone");
        await Expect(page.GetByLabel("Time zone")).ToHaveValueAsync("Mars/Olympus_Mons");
        await session.ShotAsync("invalid-time-zone");

        await page.GotoAsync($"/p/{session.ProjectId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Renamed product", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Asia/Shanghai", new() { Exact = true })).ToBeVisibleAsync();
    }

    [GeneratedRegex("^ysk_[0-9A-Za-z]{40}$")]
    private static partial Regex SecretKeyPattern();

    [GeneratedRegex("/p/[0-9a-f-]{36}/settings$")]
    private static partial Regex ProjectSettingsUrl();
}
