using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Yunying.Data;
using Yunying.Data.Operators;
using Yunying.Testing;

namespace Yunying.Server.BrowserTests;

/// <summary>
/// One test's world: a real server of its own, and a browser context (its own cookies) with a page on it.
/// Confirm dialogs are accepted and remembered; screenshots are numbered in the order they are taken.
/// </summary>
public sealed partial class DashboardSession : IAsyncDisposable
{
    private readonly BrowserFixture _browser;
    private readonly string _test;
    private readonly List<IBrowserContext> _contexts = [];
    private int _step;

    private DashboardSession(BrowserFixture browser, RunningServer server, string test)
    {
        _browser = browser;
        Server = server;
        _test = test;
    }

    public RunningServer Server { get; }

    public IPage Page { get; private set; } = null!;

    /// <summary>The messages of the confirm dialogs the page opened, all accepted.</summary>
    public List<string> Dialogs { get; } = [];

    public string Password => Server.Owner.Password;

    public Guid ProjectId => Server.Owner.ProjectId;

    public static async Task<DashboardSession> StartAsync(
        BrowserFixture browser, string test, string locale = "en-US", IReadOnlyDictionary<string, string?>? settings = null)
    {
        browser.Require();
        var server = await RunningServer.StartAsync(settings, TestContext.Current.CancellationToken);
        var session = new DashboardSession(browser, server, test);
        await session.OpenBrowserAsync(locale);
        return session;
    }

    /// <summary>Replaces the page with one in a new browser context: no cookies, as on another computer.</summary>
    public async Task OpenBrowserAsync(string locale = "en-US")
    {
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        });
        context.SetDefaultTimeout(15_000);
        _contexts.Add(context);
        Page = await context.NewPageAsync();
        Page.Dialog += (_, dialog) =>
        {
            Dialogs.Add(dialog.Message);
            _ = dialog.AcceptAsync();
        };
    }

    public async Task SignInAsync(string userName, string password)
    {
        if (!Page.Url.Contains("/login", StringComparison.Ordinal))
        {
            await Page.GotoAsync("/login");
        }

        await Page.GetByLabel(UserNameLabel()).FillAsync(userName);
        await Page.GetByLabel(PasswordLabel()).FillAsync(password);
        // A failed sign-in can land on the very URL it started from, so the wait is for a new document, not a new URL.
        await Page.EvaluateAsync("() => { window.yunyingBeforeSubmit = true; }");
        await Page.GetByRole(AriaRole.Button, new() { NameRegex = SignInButton() }).ClickAsync();
        await Page.WaitForFunctionAsync("() => window.yunyingBeforeSubmit === undefined && document.readyState !== 'loading'");
    }

    public Task SignInAsOwnerAsync() => SignInAsync(Server.Owner.UserName, Password);

    public Task ShotAsync(string step) => Screenshots.SaveAsync(Page, _test, $"{++_step:00}-{step}");

    /// <summary>Another operator account, made the way the CLI and admin API make them.</summary>
    public async Task<Operator> CreateOperatorAsync(string userName, string password, string? displayName = null)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<OperatorService>()
            .CreateAsync(userName, password, isAdministrator: false, displayName, TestContext.Current.CancellationToken);
        Assert.True(created.IsSuccess, created.Error?.Message);
        return created.Value;
    }

    /// <summary>The project's write key, as SDKs use it.</summary>
    public async Task<string> WriteKeyAsync()
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YunyingDbContext>();
        return await db.Projects.Where(p => p.Id == ProjectId).Select(p => p.WriteKey).SingleAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Every console error the page logs from now on (a failed load, a script error), for asserting that there are none.</summary>
    public List<string> CollectConsoleErrors()
    {
        var errors = new List<string>();
        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        return errors;
    }

    /// <summary>The owner's operator id.</summary>
    public async Task<Guid> OwnerIdAsync()
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YunyingDbContext>();
        var userName = Server.Owner.UserName;
        return await db.Operators.Where(o => o.UserName == userName).Select(o => o.Id).SingleAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A personal API token of the owner, for checking pages against the API.</summary>
    public async Task<string> CreateTokenAsync()
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<PersonalTokenService>()
            .CreateAsync(await OwnerIdAsync(), "dashboard checks", 1, TestContext.Current.CancellationToken);
        Assert.True(created.IsSuccess, created.Error?.Message);
        return created.Value.Secret;
    }

    /// <summary>Sends a PostHog batch (the items, as JSON text) through the real capture endpoint.</summary>
    public async Task SendBatchAsync(string batch)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Server.CreateClient();
        using var body = new StringContent($$"""{"api_key":"{{await WriteKeyAsync()}}","batch":{{batch}}}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/batch/", body, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Waits until the page is at <paramref name="pathAndQuery"/> on this server; clicks do not wait for the navigation they start.</summary>
    public Task ExpectPathAsync(string pathAndQuery) => Assertions.Expect(Page).ToHaveURLAsync(BaseUrl + pathAndQuery);

    public Task ExpectPathStartingWithAsync(string prefix) =>
        Assertions.Expect(Page).ToHaveURLAsync(new Regex("^" + Regex.Escape(BaseUrl + prefix)));

    private string BaseUrl => Server.BaseAddress.ToString().TrimEnd('/');

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        await Server.DisposeAsync();
    }

    [GeneratedRegex("User name|用户名")]
    private static partial Regex UserNameLabel();

    [GeneratedRegex("Password|密码")]
    private static partial Regex PasswordLabel();

    [GeneratedRegex("^(Sign in|登录)$")]
    private static partial Regex SignInButton();
}
