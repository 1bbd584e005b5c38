using System.Text.Json.Serialization;

namespace Yunying.Analytics.Query;

/// <summary>The answer to an <see cref="AnalyticsQuery"/>, with the same <c>kind</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(TrendsResult), QueryKinds.Trends)]
[JsonDerivedType(typeof(Funnels.FunnelResult), QueryKinds.Funnel)]
[JsonDerivedType(typeof(Retention.RetentionResult), QueryKinds.Retention)]
[JsonDerivedType(typeof(Lifecycle.LifecycleResult), QueryKinds.Lifecycle)]
[JsonDerivedType(typeof(Stickiness.StickinessResult), QueryKinds.Stickiness)]
[JsonDerivedType(typeof(Distribution.DistributionResult), QueryKinds.Distribution)]
[JsonDerivedType(typeof(Paths.PathsResult), QueryKinds.Paths)]
[JsonDerivedType(typeof(PersonList.PeopleResult), QueryKinds.People)]
[JsonDerivedType(typeof(Overview.OverviewResult), QueryKinds.Overview)]
public abstract record AnalyticsResult
{
    /// <summary>The IANA time zone the dates were interpreted in (the project's).</summary>
    public required string TimeZone { get; init; }

    /// <summary>Start of the analysed period (inclusive), in the project's time zone.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>End of the analysed period (exclusive), in the project's time zone.</summary>
    public required DateTimeOffset To { get; init; }
}
