using Microsoft.AspNetCore.Localization;

namespace Yunying.Server.Dashboard;

/// <summary>
/// Reads Accept-Language in order of preference and takes the first language the dashboard speaks. The
/// framework's own provider matches tags exactly, so a browser sending <c>zh</c> or <c>zh-Hans</c> would get English.
/// </summary>
public sealed class BrowserLanguageProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var preferred = httpContext.Request.GetTypedHeaders().AcceptLanguage
            .Where(language => language.Quality is not 0)
            .OrderByDescending(language => language.Quality ?? 1)
            .Select(language => DashboardCulture.Match(language.Value.Value))
            .FirstOrDefault(culture => culture is not null);
        return Task.FromResult(preferred is null ? NullProviderCultureResult.Result : new ProviderCultureResult(preferred));
    }
}
