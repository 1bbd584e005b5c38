using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Yunying.Server.BrowserTests;

/// <summary>The dashboard in Simplified Chinese and English: switching, and the choice following the operator.</summary>
public sealed class LanguageTests(BrowserFixture browser)
{
    private static readonly string[] ChineseAreas = ["数据分析", "活动与激励", "用户触达", "内容运营", "社群运营", "用户反馈", "运营规划", "设置"];

    [Fact]
    public async Task Language_SwitchToChinese_NavigationInChineseAndChoiceFollowsOperator()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(Language_SwitchToChinese_NavigationInChineseAndChoiceFollowsOperator));
        await session.SignInAsOwnerAsync();
        var page = session.Page;
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" });
        foreach (var area in ChineseAreas)
        {
            await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = area, Exact = true })).ToBeVisibleAsync();
        }

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "退出登录" })).ToBeVisibleAsync();
        await session.ExpectPathAsync($"/p/{session.ProjectId}");
        await session.ShotAsync("home-chinese");

        await navigation.GetByRole(AriaRole.Link, new() { Name = "设置", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "密钥" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "轮换写入密钥" })).ToBeVisibleAsync();
        await session.ShotAsync("settings-chinese");
        await page.GetByRole(AriaRole.Link, new() { Name = "成员与角色" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "成员" })).ToContainTextAsync("所有者");
        await session.ShotAsync("members-chinese");
        await page.GetByRole(AriaRole.Link, new() { Name = "个人令牌" }).ClickAsync();
        await page.GetByLabel("令牌名称").FillAsync("   ");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建令牌" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("令牌名称不能为空，且最多 100 个字符。");
        await session.ShotAsync("token-error-chinese");

        await navigation.GetByRole(AriaRole.Link, new() { Name = "数据分析" }).ClickAsync();
        await Expect(page.GetByTestId("analyses")).ToContainTextAsync("漏斗分析");
        await session.ShotAsync("analytics-chinese");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Analytics" })).ToBeVisibleAsync();
        await session.ExpectPathAsync($"/p/{session.ProjectId}/analytics");
        await session.ShotAsync("analytics-english");

        // Chinese is chosen again and kept on the operator: a browser with no cookies that prefers English still gets it after sign-in.
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录" })).ToBeVisibleAsync();
        await session.OpenBrowserAsync(locale: "en-US");
        await session.Page.GotoAsync("/login");
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await session.SignInAsOwnerAsync();
        await Expect(session.Page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "运营规划" })).ToBeVisibleAsync();
        await session.ShotAsync("chinese-after-sign-in-elsewhere");

        // And the other way round: English chosen, then a Chinese browser signs in and gets English.
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(session.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await session.OpenBrowserAsync(locale: "zh-CN");
        await session.Page.GotoAsync("/login");
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "登录" })).ToBeVisibleAsync();
        await session.SignInAsOwnerAsync();
        await Expect(session.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Planning" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Login_ChineseBrowser_PageInChinese()
    {
        await using var session = await DashboardSession.StartAsync(browser, nameof(Login_ChineseBrowser_PageInChinese), locale: "zh-CN");
        var page = session.Page;

        await page.GotoAsync("/login");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("用户名")).ToBeVisibleAsync();
        await session.ShotAsync("login-chinese");

        await session.SignInAsync("admin", "wrong-password");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("用户名或密码错误。");
        await session.ShotAsync("wrong-password-chinese");
    }
}
