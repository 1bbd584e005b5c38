using System.Globalization;
using System.Text.RegularExpressions;
using Yunying.Core.Results;

namespace Yunying.Data;

/// <summary>Checks on operator input shared by the API, the CLI and the dashboard.</summary>
public static partial class Validation
{
    private static readonly HashSet<string> Currencies = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => new RegionInfo(c.Name).ISOCurrencySymbol)
        .ToHashSet(StringComparer.Ordinal);

    public static Error? ProjectName(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100
            ? Error.Validation("project.name_invalid", "A project name is required and has at most 100 characters.", "name")
            : null;

    public static Error? TimeZone(string? zone) =>
        zone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)
            ? null
            : Error.Validation("project.time_zone_invalid", $"'{zone}' is not a known IANA time zone, such as Asia/Shanghai.", "timeZone");

    public static Error? Currency(string? code) =>
        code is not null && Currencies.Contains(code)
            ? null
            : Error.Validation("project.currency_invalid", $"'{code}' is not an ISO 4217 currency code, such as CNY.", "currency");

    public static Error? UserName(string? name) =>
        name is not null && UserNamePattern().IsMatch(name)
            ? null
            : Error.Validation("operator.user_name_invalid", "A user name has 3 to 64 letters, digits or . _ @ - characters.", "userName");

    public static Error? Password(string? password) =>
        password is { Length: >= 10 and <= 256 }
            ? null
            : Error.Validation("operator.password_too_short", "A password has at least 10 characters.", "password");

    [GeneratedRegex("^[A-Za-z0-9._@-]{3,64}$")]
    private static partial Regex UserNamePattern();
}
