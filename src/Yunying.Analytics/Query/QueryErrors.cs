using Yunying.Core.Results;

namespace Yunying.Analytics.Query;

/// <summary>The expected failures of queries, with stable codes (answered as RFC 7807 problems with status 400).</summary>
public static class QueryErrors
{
    public static Error BadDate(string field, string text) => Error.Validation(
        "query.date_invalid",
        $"'{text}' is not a date: use YYYY-MM-DD, a local date-time YYYY-MM-DDTHH:mm, an ISO 8601 instant with an offset, or a relative date such as -7d, -24h, -4w, -3m, -1y, today, yesterday, wtd, mtd, ytd (and all for the start).",
        field);

    public static Error UnknownTimeZone(string? zone) => Error.Validation(
        "query.time_zone_unknown", $"'{zone}' is not a known IANA time zone (for example Asia/Shanghai or America/New_York).", "timeZone");

    public static Error UnknownKind(string? kind) => Error.Validation(
        "query.kind_unknown",
        $"'{kind}' is not a query kind; the kinds are {string.Join(", ", QueryKinds.All)}.",
        "kind");

    public static Error MissingKind() => Error.Validation("query.kind_missing", "The query needs a 'kind', for example \"trends\".", "kind");

    public static Error BadJson(string message, string? path) => Error.Validation(
        "query.invalid", path is null ? message : $"{message} (at {path})", path?.TrimStart('$', '.') ?? "body");

    public static Error Invalid(string field, string message) => Error.Validation("query.invalid", message, field);

    public static Error BadFilter(string field, string message) => Error.Validation("query.filter_invalid", message, field);

    public static Error BadFormula(string message) => Error.Validation("query.formula_invalid", message, "formula");

    public static Error TooLarge(string message) => Error.Validation("query.too_large", message);
}
