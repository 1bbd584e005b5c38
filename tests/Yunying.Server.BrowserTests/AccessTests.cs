using Microsoft.Extensions.DependencyInjection;
using Yunying.Data.Tenancy;
using static Microsoft.Playwright.Assertions;

namespace Yunying.Server.BrowserTests;

/// <summary>An operator sees the projects they have a role in, and nothing of the others.</summary>
public sealed class AccessTests(BrowserFixture browser)
{
    [Fact]
    public async Task ProjectSettings_NonMember_NoAccessPageWithoutData()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(ProjectSettings_NonMember_NoAccessPageWithoutData));
        await session.CreateOperatorAsync("outsider", "outsider-password");
        var project = await FindProjectAsync(session);
        await session.SignInAsync("outsider", "outsider-password");
        var page = session.Page;
        await session.ExpectPathAsync("/projects");
        await Expect(page.GetByText("You are not a member of any project yet.")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Project", new() { Exact = true }).Locator("option")).ToHaveTextAsync(["Choose a project"]);
        await session.ShotAsync("no-projects");

        foreach (var path in new[] { $"/p/{project.Id}/settings", $"/p/{project.Id}", $"/p/{project.Id}/settings/members", $"/p/{project.Id}/analytics" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(403, response!.Status);
            await Expect(page.GetByTestId("no-access")).ToContainTextAsync("You have no role in this project.");
            var html = await page.ContentAsync();
            Assert.DoesNotContain(project.WriteKey, html, StringComparison.Ordinal);
            Assert.DoesNotContain(project.SecretKeyHint, html, StringComparison.Ordinal);
            Assert.DoesNotContain(project.Name, html, StringComparison.Ordinal);
        }

        await session.ShotAsync("no-access");

        var missing = await page.GotoAsync($"/p/{Guid.CreateVersion7()}/settings");
        Assert.Equal(404, missing!.Status);
        await Expect(page.GetByTestId("no-access")).ToContainTextAsync("There is no such project.");
    }

    [Fact]
    public async Task ProjectForms_NonMemberPosts_ChangeNothing()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(ProjectForms_NonMemberPosts_ChangeNothing));
        await session.CreateOperatorAsync("outsider", "outsider-password");
        var before = await FindProjectAsync(session);
        await session.SignInAsync("outsider", "outsider-password");
        var page = session.Page;

        // A real form token of the outsider's session, posted at the other project's handlers.
        await page.GotoAsync("/account/tokens");
        var antiforgery = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        foreach (var handler in new[] { "RotateWriteKey", "RotateSecretKey", "Update" })
        {
            var response = await page.APIRequest.PostAsync($"/p/{before.Id}/settings?handler={handler}", new()
            {
                Form = page.APIRequest.CreateFormData()
                    .Set("__RequestVerificationToken", antiforgery!)
                    .Set("Name", "Taken over"),
                MaxRedirects = 0,
            });
            Assert.Equal(403, response.Status);
        }

        var after = await FindProjectAsync(session);
        Assert.Equal(before.WriteKey, after.WriteKey);
        Assert.Equal(before.SecretKeyHint, after.SecretKeyHint);
        Assert.Equal(before.Name, after.Name);
    }

    private static async Task<Project> FindProjectAsync(DashboardSession session)
    {
        await using var scope = session.Server.Services.CreateAsyncScope();
        var all = await scope.ServiceProvider.GetRequiredService<ProjectService>().ListAllAsync(TestContext.Current.CancellationToken);
        return all.Single(p => p.Id == session.ProjectId);
    }
}
