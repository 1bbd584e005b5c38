using System.Reflection;
using System.Text.Json.Serialization;

namespace Yunying.Analytics.Query;

/// <summary>The <c>kind</c> values of the query model: those that run today and those reserved for analyses to come.</summary>
public static class QueryKinds
{
    public const string Trends = "trends";
    public const string Funnel = "funnel";
    public const string Retention = "retention";
    public const string Lifecycle = "lifecycle";
    public const string Stickiness = "stickiness";
    public const string Distribution = "distribution";
    public const string Paths = "paths";
    public const string People = "people";

    /// <summary>Every kind the model names, available or not.</summary>
    public static IReadOnlyList<string> All { get; } = [Trends, Funnel, Retention, Lifecycle, Stickiness, Distribution, Paths, People];

    /// <summary>The kinds that have an analysis (a derived type registered on <see cref="AnalyticsQuery"/>).</summary>
    public static IReadOnlyList<string> Available { get; } = typeof(AnalyticsQuery)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .Select(a => (string)a.TypeDiscriminator!)
        .ToArray();
}
