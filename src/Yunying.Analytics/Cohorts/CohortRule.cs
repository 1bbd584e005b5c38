using System.Text.Json.Serialization;
using Yunying.Analytics.Query;

namespace Yunying.Analytics.Cohorts;

/// <summary>
/// One rule of a dynamic cohort (用户分群). Rules combine with <c>and</c>, <c>or</c> and <c>not</c>; each leaf
/// is evaluated against the events and person map of the query that uses the cohort, so membership is always
/// current and identity merges apply.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(AllOfRule), "and")]
[JsonDerivedType(typeof(AnyOfRule), "or")]
[JsonDerivedType(typeof(NotRule), "not")]
[JsonDerivedType(typeof(PerformedRule), "performed")]
[JsonDerivedType(typeof(SequenceRule), "sequence")]
[JsonDerivedType(typeof(PersonPropertyRule), "property")]
[JsonDerivedType(typeof(InCohortRule), "cohort")]
[JsonDerivedType(typeof(LifecycleRule), "lifecycle")]
public abstract record CohortRule;

/// <summary>Every rule holds.</summary>
public sealed record AllOfRule(IReadOnlyList<CohortRule> Rules) : CohortRule;

/// <summary>At least one rule holds.</summary>
public sealed record AnyOfRule(IReadOnlyList<CohortRule> Rules) : CohortRule;

/// <summary>The rule does not hold (for example: did not purchase in the last 30 days).</summary>
public sealed record NotRule(CohortRule Rule) : CohortRule;

/// <summary>
/// Did <paramref name="Event"/> (any event when null), matching <paramref name="Filters"/>, at least
/// <paramref name="AtLeast"/> times (and at most <paramref name="AtMost"/>, when given) in the last
/// <paramref name="LastDays"/> days.
/// </summary>
public sealed record PerformedRule(string? Event, int LastDays = 30, int AtLeast = 1, int? AtMost = null, IReadOnlyList<PropertyFilter>? Filters = null) : CohortRule;

/// <summary>Did <paramref name="First"/> in the last <paramref name="LastDays"/> days and then <paramref name="Then"/> within <paramref name="WithinDays"/> days of it.</summary>
public sealed record SequenceRule(string First, string Then, int WithinDays = 7, int LastDays = 30) : CohortRule;

/// <summary>A person property test, with the operators of query filters (exact, is_not, contains, gt, is_set, …).</summary>
public sealed record PersonPropertyRule(string Key, string? Operator = null, System.Text.Json.JsonElement? Value = null) : CohortRule;

/// <summary>Members of another saved cohort.</summary>
public sealed record InCohortRule(Guid Id) : CohortRule;

/// <summary>
/// Lifecycle state in the current <paramref name="Interval"/> (day, week or month, in the project's time zone):
/// <c>new</c> (first event ever in it), <c>returning</c> (active in it and the previous one), <c>resurrecting</c>
/// (active in it, not in the previous one, but before), <c>dormant</c> (active in the previous one, not in it).
/// </summary>
public sealed record LifecycleRule(string State, string Interval = "week") : CohortRule;
