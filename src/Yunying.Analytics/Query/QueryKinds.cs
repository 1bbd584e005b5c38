using System.Reflection;
using System.Text.Json.Serialization;

namespace Yunying.Analytics.Query;

/// <summary>The <c>kind</c> values of the query model, one per analysis.</summary>
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
    public const string Overview = "overview";

    /// <summary>Every kind: the derived types registered on <see cref="AnalyticsQuery"/>.</summary>
    public static IReadOnlyList<string> All { get; } = typeof(AnalyticsQuery)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .Select(a => (string)a.TypeDiscriminator!)
        .ToArray();
}
