using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Yunying.Server.BrowserTests;

/// <summary>Signing in and out of the dashboard, and what the login page says when it refuses.</summary>
public sealed class SignInTests(BrowserFixture browser)
{
    [Fact]
    public async Task SignIn_FirstRunOwner_LandsOnProjectHome()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(SignIn_FirstRunOwner_LandsOnProjectHome));
        var page = session.Page;

        await page.GotoAsync("/");
        await session.ExpectPathStartingWithAsync("/login?ReturnUrl=");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await session.ShotAsync("login-page");

        await session.SignInAsOwnerAsync();
        await session.ExpectPathAsync($"/p/{session.ProjectId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My product", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("operator-name")).ToHaveTextAsync("Administrator");
        await Expect(page.GetByTestId("write-key")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^ywk_"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Send your first event" })).ToBeVisibleAsync();
        var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        foreach (var area in new[] { "Analytics", "Engagement", "Messaging", "Content", "Community", "Feedback", "Planning", "Settings" })
        {
            await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = area, Exact = true })).ToBeVisibleAsync();
        }

        await session.ShotAsync("project-home");

        await navigation.GetByRole(AriaRole.Link, new() { Name = "Analytics", Exact = true }).ClickAsync();
        await session.ExpectPathAsync($"/p/{session.ProjectId}/analytics");
        var analyses = page.GetByTestId("analyses");
        await Expect(analyses.GetByRole(AriaRole.Link)).ToHaveCountAsync(7);
        await session.ShotAsync("analytics");
        await analyses.GetByRole(AriaRole.Link, new() { Name = "Funnel" }).ClickAsync();
        await session.ExpectPathAsync($"/p/{session.ProjectId}/insights?kind=funnel");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GotoAsync($"/p/{session.ProjectId}");
        await session.ExpectPathStartingWithAsync("/login");
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsErrorAndKeepsUserName()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(SignIn_WrongPassword_ShowsErrorAndKeepsUserName));
        var page = session.Page;

        await session.SignInAsync("admin", "not-the-password");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The user name or password is wrong.");
        await Expect(page.GetByLabel("User name")).ToHaveValueAsync("admin");
        await session.ExpectPathStartingWithAsync("/login");
        await session.ShotAsync("wrong-password");
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksAccountEvenForTheRightOne()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(SignIn_FiveWrongPasswords_LocksAccountEvenForTheRightOne));
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await session.SignInAsync("admin", $"wrong-{attempt}");
        }

        await session.SignInAsOwnerAsync();

        await Expect(session.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Too many failed sign-ins: this account is locked for 15 minutes.");
        await session.ExpectPathStartingWithAsync("/login");
        await session.ShotAsync("locked-out");
    }

    [Fact]
    public async Task SignIn_OverTheRateLimit_ShowsTooManyAttempts()
    {
        var settings = new Dictionary<string, string?> { ["Yunying:LoginAttemptsPerMinute"] = "2" };
        await using var session = await DashboardSession.StartAsync(browser, nameof(SignIn_OverTheRateLimit_ShowsTooManyAttempts), settings: settings);

        await session.SignInAsync("admin", "wrong-1");
        await session.SignInAsync("admin", "wrong-2");
        await session.SignInAsOwnerAsync();

        await Expect(session.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Too many sign-in attempts from this address. Wait a minute and try again.");
        await session.ExpectPathStartingWithAsync("/login");
        await session.ShotAsync("rate-limited");
    }

    [Fact]
    public async Task SignIn_FromProtectedPage_ReturnsThereButNeverOffSite()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(SignIn_FromProtectedPage_ReturnsThereButNeverOffSite));
        var page = session.Page;
        var settingsPath = $"/p/{session.ProjectId}/settings";

        await page.GotoAsync(settingsPath);
        await session.ExpectPathAsync("/login?ReturnUrl=" + Uri.EscapeDataString(settingsPath));
        await session.SignInAsOwnerAsync();
        await session.ExpectPathAsync(settingsPath);

        await session.OpenBrowserAsync();
        await session.Page.GotoAsync("/login?ReturnUrl=" + Uri.EscapeDataString("https://example.com/phish"));
        await session.SignInAsOwnerAsync();
        await session.ExpectPathAsync($"/p/{session.ProjectId}");
    }
}
