namespace Yunying.Analytics.Query;

/// <summary>Operator names of the query model (PostHog's, plus a few plain-English aliases).</summary>
public static class FilterOperators
{
    private static readonly Dictionary<string, FilterOperator> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["exact"] = FilterOperator.Exact,
        ["equals"] = FilterOperator.Exact,
        ["eq"] = FilterOperator.Exact,
        ["is_not"] = FilterOperator.IsNot,
        ["not_equals"] = FilterOperator.IsNot,
        ["icontains"] = FilterOperator.IContains,
        ["contains"] = FilterOperator.IContains,
        ["not_icontains"] = FilterOperator.NotIContains,
        ["not_contains"] = FilterOperator.NotIContains,
        ["regex"] = FilterOperator.Regex,
        ["not_regex"] = FilterOperator.NotRegex,
        ["gt"] = FilterOperator.Gt,
        ["gte"] = FilterOperator.Gte,
        ["lt"] = FilterOperator.Lt,
        ["lte"] = FilterOperator.Lte,
        ["between"] = FilterOperator.Between,
        ["not_between"] = FilterOperator.NotBetween,
        ["is_set"] = FilterOperator.IsSet,
        ["is_not_set"] = FilterOperator.IsNotSet,
        ["in"] = FilterOperator.In,
        ["not_in"] = FilterOperator.NotIn,
    };

    /// <summary>The operator named <paramref name="name"/> (null or blank is <c>exact</c>, or <c>in</c> for cohorts).</summary>
    public static bool TryParse(string? name, PropertyScope scope, out FilterOperator op)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            op = scope == PropertyScope.Cohort ? FilterOperator.In : FilterOperator.Exact;
            return true;
        }

        return Names.TryGetValue(name.Trim(), out op)
            && (scope == PropertyScope.Cohort) == (op is FilterOperator.In or FilterOperator.NotIn);
    }

    /// <summary>Whether the operator also matches values that are missing (the negative operators and <c>is_not_set</c>).</summary>
    public static bool MatchesMissing(FilterOperator op) =>
        op is FilterOperator.IsNot or FilterOperator.NotIContains or FilterOperator.NotRegex or FilterOperator.NotBetween or FilterOperator.IsNotSet;
}
