using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Yunying.Server.Dashboard;

/// <summary>
/// The dashboard's two languages and how a request picks one: the operator's explicit choice (the culture
/// cookie, which sign-in restores from the operator's saved locale), then the browser's Accept-Language, then English.
/// </summary>
public static class DashboardCulture
{
    public const string English = "en";
    public const string Chinese = "zh-CN";

    public static IReadOnlyList<string> Supported { get; } = [English, Chinese];

    /// <summary>
    /// The supported culture a language tag stands for, or null. Every Chinese tag maps to Simplified
    /// Chinese (zh, zh-Hans, zh-CN, zh-SG, and Traditional ones too, which read it better than English).
    /// </summary>
    public static string? Match(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var language = tag.Trim().Split('-', '_')[0];
        return language.ToLowerInvariant() switch
        {
            "en" => English,
            "zh" => Chinese,
            _ => null,
        };
    }

    public static bool IsChinese => CultureInfo.CurrentUICulture.Name == Chinese;

    public static void Configure(RequestLocalizationOptions options)
    {
        CultureInfo[] cultures = [new(English), new(Chinese)];
        options.DefaultRequestCulture = new RequestCulture(English);
        options.SupportedCultures = cultures;
        options.SupportedUICultures = cultures;
        options.RequestCultureProviders = [new CookieRequestCultureProvider(), new BrowserLanguageProvider()];
    }

    /// <summary>Remembers <paramref name="culture"/> in this browser for a year.</summary>
    public static void SetCookie(HttpResponse response, string culture) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Path = "/",
            });
}
