using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Yunying.Analytics.Capture;

/// <summary>Segment-style write keys: the HTTP Basic user name, with an empty password.</summary>
internal static class BasicAuth
{
    public static string? User(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !"Basic".Equals(header.Scheme, StringComparison.OrdinalIgnoreCase)
            || FormBody.Base64(header.Parameter) is not { } decoded)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(decoded);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? text : text[..colon];
        return user.Length > 0 ? user : null;
    }
}
