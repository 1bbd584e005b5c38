using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Yunying.Server.BrowserTests;

/// <summary>Settings › Members and roles.</summary>
public sealed class MembersTests(BrowserFixture browser)
{
    private const string MemberPassword = "correct horse battery";

    [Fact]
    public async Task Members_AddChangeRoleRemove_ListFollowsAndLastOwnerKept()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(Members_AddChangeRoleRemove_ListFollowsAndLastOwnerKept));
        await session.CreateOperatorAsync("li.lei", MemberPassword, "Li Lei 李雷");
        await session.SignInAsOwnerAsync();
        var page = session.Page;
        await page.GotoAsync($"/p/{session.ProjectId}/settings");
        await page.GetByRole(AriaRole.Link, new() { Name = "Members and roles" }).ClickAsync();
        await session.ExpectPathAsync($"/p/{session.ProjectId}/settings/members");

        await page.GetByLabel("User name").FillAsync("nobody.here");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("No operator is named 'nobody.here'.");
        await Expect(page.GetByLabel("User name")).ToHaveValueAsync("nobody.here");

        await page.GetByLabel("User name").FillAsync("li.lei");
        await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("analyst");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("li.lei was added as Analyst.");
        var row = page.Locator("tr[data-member='li.lei']");
        await Expect(row).ToContainTextAsync("Li Lei 李雷");
        await Expect(page.GetByLabel("Role of li.lei")).ToHaveValueAsync("analyst");
        await session.ShotAsync("member-added");

        await page.GetByLabel("Role of li.lei").SelectOptionAsync("admin");
        await row.GetByRole(AriaRole.Button, new() { Name = "Change role" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("li.lei is now Admin.");
        await Expect(page.GetByLabel("Role of li.lei")).ToHaveValueAsync("admin");

        // The only owner cannot step down: the service's rule is shown, and nothing changes.
        await page.GetByLabel("Role of admin").SelectOptionAsync("viewer");
        await page.Locator("tr[data-member='admin']").GetByRole(AriaRole.Button, new() { Name = "Change role" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("A project keeps at least one owner.");
        await Expect(page.GetByLabel("Role of admin")).ToHaveValueAsync("owner");
        await session.ShotAsync("last-owner-kept");

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove li.lei" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("li.lei was removed from the project.");
        await Expect(row).ToHaveCountAsync(0);
        Assert.Contains("Remove li.lei from this project?", session.Dialogs);
        await session.ShotAsync("member-removed");
    }

    [Fact]
    public async Task ProjectSettings_ViewerRole_SeesReadOnlyWithoutKeyControls()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(ProjectSettings_ViewerRole_SeesReadOnlyWithoutKeyControls));
        await session.CreateOperatorAsync("han.meimei", MemberPassword);
        await session.SignInAsOwnerAsync();
        var page = session.Page;
        await page.GotoAsync($"/p/{session.ProjectId}/settings/members");
        await page.GetByLabel("User name").FillAsync("han.meimei");
        await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("viewer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("han.meimei was added as Viewer.");

        await session.OpenBrowserAsync();
        await session.SignInAsync("han.meimei", MemberPassword);
        page = session.Page;
        await session.ExpectPathAsync($"/p/{session.ProjectId}");
        await page.GotoAsync($"/p/{session.ProjectId}/settings");

        await Expect(page.GetByText("Your role is Viewer: only owners and admins change these settings.")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Project name")).ToBeDisabledAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save changes" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Rotate write key" })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("secret-key-hint")).ToHaveCountAsync(0);
        await session.ShotAsync("viewer-settings");

        await page.GetByRole(AriaRole.Link, new() { Name = "Members and roles" }).ClickAsync();
        await Expect(page.GetByText("Only owners and admins change members and roles.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add member" })).ToHaveCountAsync(0);
    }
}
