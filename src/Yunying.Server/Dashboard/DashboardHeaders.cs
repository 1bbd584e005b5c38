namespace Yunying.Server.Dashboard;

/// <summary>Response headers every dashboard page carries.</summary>
public static class DashboardHeaders
{
    /// <summary>Only this site's own styles and scripts; no framing, so no button (rotate a key, remove a member) can be clickjacked.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        // Pages show one-time secrets and per-operator data: nothing is kept in caches or the back-forward cache.
        headers.CacheControl = "no-store";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
    }
}
