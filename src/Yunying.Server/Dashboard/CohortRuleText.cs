using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Yunying.Analytics.Cohorts;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard;

/// <summary>A cohort rule in the operator's language, for the Cohort page: one sentence, groups in parentheses.</summary>
public static class CohortRuleText
{
    private static readonly JsonSerializerOptions ValueJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="rule">The rule.</param>
    /// <param name="text">The dashboard's strings.</param>
    /// <param name="cohortNames">The project's cohorts by id, so a "cohort" rule names the one it means.</param>
    public static string Describe(CohortRule rule, IStringLocalizer<SharedResource> text, IReadOnlyDictionary<Guid, string> cohortNames)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(cohortNames);
        return Describe(rule, text, cohortNames, nested: false);
    }

    private static string Describe(CohortRule rule, IStringLocalizer<SharedResource> text, IReadOnlyDictionary<Guid, string> names, bool nested)
    {
        string Group(IReadOnlyList<CohortRule> rules, string joinKey)
        {
            var joined = string.Join(text[joinKey].Value, rules.Select(r => Describe(r, text, names, nested: true)));
            return nested && rules.Count > 1 ? $"({joined})" : joined;
        }

        return rule switch
        {
            AllOfRule all => Group(all.Rules, "Cohorts.Rule.And"),
            AnyOfRule any => Group(any.Rules, "Cohorts.Rule.Or"),
            NotRule { Rule: PerformedRule { AtLeast: 1, AtMost: null } did } => text["Cohorts.Rule.DidNot", EventName(did.Event, text), Number(did.LastDays)].Value,
            NotRule not => text["Cohorts.Rule.Not", Describe(not.Rule, text, names, nested: true)].Value,
            PerformedRule p => Performed(p, text),
            SequenceRule s => text["Cohorts.Rule.Sequence", s.First, s.Then, Number(s.WithinDays), Number(s.LastDays)].Value,
            PersonPropertyRule p => text["Cohorts.Rule.Property", p.Key, Operator(p.Operator), p.Value is { } v ? Value(v) : string.Empty].Value.TrimEnd(),
            InCohortRule c => text["Cohorts.Rule.InCohort", names.TryGetValue(c.Id, out var name) ? name : c.Id.ToString()].Value,
            LifecycleRule l => text["Cohorts.Rule.Lifecycle", l.State, l.Interval].Value,
            _ => rule.GetType().Name,
        };
    }

    private static string Performed(PerformedRule p, IStringLocalizer<SharedResource> text)
    {
        var name = EventName(p.Event, text);
        var sentence = p switch
        {
            { AtLeast: 0, AtMost: 0 } => text["Cohorts.Rule.DidNot", name, Number(p.LastDays)],
            { AtMost: { } most } => text["Cohorts.Rule.PerformedBetween", name, Number(p.AtLeast), Number(most), Number(p.LastDays)],
            _ => text["Cohorts.Rule.Performed", name, Number(p.AtLeast), Number(p.LastDays)],
        };
        if (p.Filters is not { Count: > 0 } filters)
        {
            return sentence.Value;
        }

        var where = string.Join(", ", filters.Select(f => $"{f.Key} {Operator(f.Operator)} {(f.Value is { } v ? Value(v) : string.Empty)}".TrimEnd()));
        return text["Cohorts.Rule.Where", sentence.Value, where].Value;
    }

    private static string EventName(string? name, IStringLocalizer<SharedResource> text) => name ?? text["Events.AnyEvent"].Value;

    private static string Operator(string? op) => op switch
    {
        null or "exact" or "equals" => "=",
        "is_not" => "≠",
        "gt" => ">",
        "gte" => "≥",
        "lt" => "<",
        "lte" => "≤",
        _ => op,
    };

    private static string Value(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? $"“{value.GetString()}”" : JsonSerializer.Serialize(value, ValueJson);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
