using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Yunying.Analytics.Capture;

/// <summary>The form-encoded bodies that browser and Sensors SDKs send (<c>data=…</c>, <c>data_list=…</c>).</summary>
internal static class FormBody
{
    public static bool IsForm(HttpRequest request, ReadOnlySpan<byte> body, string firstField)
    {
        if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            return true;
        }

        // Beacons often arrive as text/plain; recognise the form by its first field name.
        var prefix = Encoding.ASCII.GetBytes(firstField + "=");
        return body.StartsWith(prefix);
    }

    public static Dictionary<string, StringValues> Parse(ReadOnlySpan<byte> body) => QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));

    /// <summary>Decodes standard or URL-safe base64, with or without padding, and repairs '+' that form decoding turned into ' '.</summary>
    public static byte[]? Base64(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var normal = text.Trim().Replace(' ', '+').Replace('-', '+').Replace('_', '/').Replace("\n", string.Empty, StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal);
        normal = normal.PadRight(normal.Length + ((4 - (normal.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(normal);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
