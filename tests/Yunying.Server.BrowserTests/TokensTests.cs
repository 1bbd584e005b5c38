using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Yunying.Server.BrowserTests;

/// <summary>Settings › Personal tokens.</summary>
public sealed partial class TokensTests(BrowserFixture browser)
{
    [Fact]
    public async Task Tokens_CreateThenRevoke_ShownOnceWorksThenStops()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(Tokens_CreateThenRevoke_ShownOnceWorksThenStops));
        await session.SignInAsOwnerAsync();
        var page = session.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Personal tokens" }).ClickAsync();
        await session.ExpectPathAsync("/account/tokens");
        await Expect(page.GetByTestId("no-tokens")).ToBeVisibleAsync();

        await page.GetByLabel("Token name").FillAsync("nightly export");
        await page.GetByLabel("Expires after").SelectOptionAsync(new SelectOptionValue { Label = "30 days" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Token “nightly export” was created.");
        var token = await page.GetByTestId("one-time-secret").TextContentAsync();
        Assert.Matches(TokenPattern(), token);
        var row = page.Locator("tr[data-token='nightly export']");
        await Expect(row).ToContainTextAsync(token![..10] + "…");
        await Expect(row).ToContainTextAsync("Not yet");
        await session.ShotAsync("token-created");

        using (var client = session.Server.CreateClient(bearer: token))
        {
            using var me = await client.GetAsync("/api/me", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        await page.ReloadAsync();
        await Expect(page.GetByTestId("one-time-secret")).ToHaveCountAsync(0);
        await Expect(row).Not.ToContainTextAsync("Not yet");

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke nightly export" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Token “nightly export” was revoked.");
        await Expect(row).ToHaveCountAsync(0);
        Assert.Contains(session.Dialogs, d => d.StartsWith("Revoke the token “nightly export”?", StringComparison.Ordinal));
        await session.ShotAsync("token-revoked");

        using (var client = session.Server.CreateClient(bearer: token))
        {
            using var me = await client.GetAsync("/api/me", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        }
    }

    [GeneratedRegex("^ypt_[0-9A-Za-z]{40}$")]
    private static partial Regex TokenPattern();
}
