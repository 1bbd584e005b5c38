using System.Text.Json.Serialization;
using Yunying.Core.Results;

namespace Yunying.Analytics.Query;

/// <summary>
/// One analysis question, selected by <c>kind</c>. Every kind shares the date range (in the project's time
/// zone) and the filters every counted event must pass. A new analysis adds a derived record here (one
/// <see cref="JsonDerivedTypeAttribute"/> line) and implements <see cref="Run"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(TrendsQuery), QueryKinds.Trends)]
[JsonDerivedType(typeof(Funnels.FunnelQuery), QueryKinds.Funnel)]
[JsonDerivedType(typeof(Retention.RetentionQuery), QueryKinds.Retention)]
[JsonDerivedType(typeof(Lifecycle.LifecycleQuery), QueryKinds.Lifecycle)]
[JsonDerivedType(typeof(Stickiness.StickinessQuery), QueryKinds.Stickiness)]
[JsonDerivedType(typeof(Distribution.DistributionQuery), QueryKinds.Distribution)]
[JsonDerivedType(typeof(Paths.PathsQuery), QueryKinds.Paths)]
[JsonDerivedType(typeof(PersonList.PeopleQuery), QueryKinds.People)]
[JsonDerivedType(typeof(Overview.OverviewQuery), QueryKinds.Overview)]
public abstract record AnalyticsQuery
{
    /// <summary>The period analysed; absent means the last 7 days (PostHog's default).</summary>
    public DateRange? DateRange { get; init; }

    /// <summary>An IANA time zone to read dates and draw buckets in instead of the project's (e.g. <c>America/New_York</c>).</summary>
    public string? TimeZone { get; init; }

    /// <summary>Filters every counted event must pass, all of them (event properties, person properties, cohorts).</summary>
    public IReadOnlyList<PropertyFilter>? Properties { get; init; }

    /// <summary>Answers the query over <paramref name="context"/>; expected failures (bad formulas, unknown operators…) as values.</summary>
    internal abstract Result<AnalyticsResult> Run(QueryContext context);
}
