using System.Collections.Frozen;

namespace Yunying.Analytics.Capture;

/// <summary>
/// Placeholder ids that careless integrations send for "nobody": counting them as one person would merge
/// strangers, so events with them are rejected and identity changes naming them are dropped.
/// </summary>
internal static class DistinctIds
{
    private static readonly FrozenSet<string> Reserved = new[]
    {
        "anonymous", "anon", "null", "undefined", "none", "nil", "nan", "0", "-1", "[object object]", "{}", "[]",
        "distinct_id", "distinctid", "distinct-id", "id", "user_id", "userid", "anonymous_id", "anonymousid",
        "guest", "visitor", "not_authenticated", "unauthenticated", "unknown", "true", "false", "email", "\"\"", "''",
        "00000000-0000-0000-0000-000000000000",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when <paramref name="id"/> is usable; otherwise why not.</summary>
    public static string? Problem(string? id, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "distinct id is missing or blank";
        }

        if (id.Length > maxLength)
        {
            return $"distinct id is longer than {maxLength} characters";
        }

        return Reserved.Contains(id.Trim()) ? $"distinct id '{id}' is a placeholder, not a person" : null;
    }

    public static bool IsUsable(string? id, int maxLength) => Problem(id, maxLength) is null;
}
