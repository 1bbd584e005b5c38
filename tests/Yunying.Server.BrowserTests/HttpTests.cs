using System.Net;

namespace Yunying.Server.BrowserTests;

/// <summary>Dashboard behaviour that needs no browser: language negotiation, static files and form protection.</summary>
public sealed class HttpTests(SharedServer shared) : IClassFixture<SharedServer>
{
    [Theory]
    [InlineData("zh", "zh-CN")]
    [InlineData("zh-Hans", "zh-CN")]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN")]
    [InlineData("zh-Hans-CN", "zh-CN")]
    [InlineData("fr-FR,zh;q=0.5,en;q=0.3", "zh-CN")]
    [InlineData("en-GB,zh;q=0.5", "en")]
    [InlineData("de-DE", "en")]
    [InlineData("", "en")]
    public async Task Login_AcceptLanguage_PicksSupportedCulture(string acceptLanguage, string expected)
    {
        var server = shared.Server;
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<html lang=\"{expected}\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_CultureCookie_WinsOverBrowser()
    {
        var server = shared.Server;
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.TryAddWithoutValidation("Accept-Language", "en-US");
        request.Headers.TryAddWithoutValidation("Cookie", ".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("登录", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPage_Headers_NoStoreAndNoFraming()
    {
        using var client = shared.Server.CreateClient();

        using var response = await client.GetAsync("/login", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/app.css", "text/css")]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task StaticFile_Embedded_ServedFromAnyWorkingDirectory(string path, string contentType)
    {
        var server = shared.Server;
        using var client = server.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_ChineseBrowser_StaysInvariant()
    {
        var server = shared.Server;
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // The API answers 401 problem details, never a redirect to the (localized) login page.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("/logout")]
    [InlineData("/culture")]
    [InlineData("/login/submit")]
    public async Task FormPost_WithoutAntiforgeryToken_IsRejected(string path)
    {
        var server = shared.Server;
        using var client = server.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "zh-CN",
            ["userName"] = server.Owner.UserName,
            ["password"] = server.Owner.Password,
        });

        using var response = await client.PostAsync(path, form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("yunying.session=", StringComparison.Ordinal) || v.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal)));
    }
}
