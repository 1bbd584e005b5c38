using System.Globalization;
using System.Text.Json;
using Yunying.Analytics.Query;

namespace Yunying.Cli.Commands.Query;

/// <summary>
/// The CLI's short filter syntax: <c>prop=value</c> (exact; <c>a,b</c> = any of), <c>prop!=value</c>,
/// <c>prop~text</c> (contains), <c>prop!~text</c>, <c>prop&gt;5</c>, <c>prop&gt;=5</c>, <c>prop&lt;5</c>,
/// <c>prop&lt;=5</c>, <c>prop</c> (is set), <c>!prop</c> (is not set). A <c>person.</c> prefix filters on
/// a person property.
/// </summary>
public static class WhereFilter
{
    private static readonly (string Token, string Operator)[] Operators =
    [
        ("!=", "is_not"), ("!~", "not_icontains"), (">=", "gte"), ("<=", "lte"), ("=", "exact"), ("~", "icontains"), (">", "gt"), ("<", "lt"),
    ];

    public static bool TryParse(string text, out PropertyFilter filter, out string? problem)
    {
        filter = null!;
        problem = null;
        var trimmed = text.Trim();
        var position = -1;
        var op = string.Empty;
        var token = string.Empty;
        foreach (var (candidate, name) in Operators)
        {
            var at = trimmed.IndexOf(candidate, StringComparison.Ordinal);
            if (at > 0 && (position < 0 || at < position || (at == position && candidate.Length > token.Length)))
            {
                position = at;
                op = name;
                token = candidate;
            }
        }

        string key;
        JsonElement? value = null;
        if (position < 0)
        {
            var negated = trimmed.StartsWith('!');
            key = negated ? trimmed[1..] : trimmed;
            op = negated ? "is_not_set" : "is_set";
        }
        else
        {
            key = trimmed[..position].Trim();
            var raw = trimmed[(position + token.Length)..].Trim();
            value = op is "exact" or "is_not"
                ? JsonSerializer.SerializeToElement(raw.Split(',').Select(v => v.Trim()).ToArray())
                : op is "gt" or "gte" or "lt" or "lte"
                    ? double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? JsonSerializer.SerializeToElement(number) : null
                    : JsonSerializer.SerializeToElement(raw);
            if (value is null)
            {
                problem = $"'{text}': '{raw}' is not a number.";
                return false;
            }
        }

        var scope = PropertyScope.Event;
        if (key.StartsWith("person.", StringComparison.Ordinal))
        {
            scope = PropertyScope.Person;
            key = key["person.".Length..];
        }

        if (key.Length == 0)
        {
            problem = $"'{text}' names no property; write prop=value, prop>5, prop or !prop.";
            return false;
        }

        filter = new PropertyFilter(key, op, value, scope);
        return true;
    }
}
