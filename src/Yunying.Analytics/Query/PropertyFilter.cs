using System.Text.Json;

namespace Yunying.Analytics.Query;

/// <summary>
/// One condition on an event property, a person property or cohort membership. Operators: <c>exact</c>
/// (also <c>equals</c>; a list of values means any of them), <c>is_not</c>, <c>icontains</c> (also
/// <c>contains</c>), <c>not_icontains</c> (also <c>not_contains</c>), <c>regex</c>, <c>not_regex</c>,
/// <c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c>, <c>between</c> (<c>[low, high]</c>, inclusive),
/// <c>not_between</c>, <c>is_set</c>, <c>is_not_set</c>; for cohorts <c>in</c> and <c>not_in</c>.
/// The negative operators also match events that lack the property (PostHog's rule).
/// </summary>
/// <param name="Key">The property key, or the cohort id when <paramref name="Type"/> is <c>cohort</c>.</param>
/// <param name="Operator">How the value is compared; default <c>exact</c>.</param>
/// <param name="Value">A string, number or boolean, or a list of them; absent for <c>is_set</c> and <c>is_not_set</c>.</param>
/// <param name="Type">Whose property: <c>event</c> (default), <c>person</c> or <c>cohort</c>.</param>
public sealed record PropertyFilter(string Key, string? Operator = null, JsonElement? Value = null, PropertyScope Type = PropertyScope.Event);
