using System.Text.Json.Serialization;

namespace Yunying.Analytics.Query.Distribution;

/// <summary>What a distribution buckets each person by.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DistributionMeasure>))]
public enum DistributionMeasure
{
    /// <summary>How many times the person did the event in the range.</summary>
    [JsonStringEnumMemberName("count")]
    Count,

    /// <summary>The sum of a numeric event property over the person's events in the range.</summary>
    [JsonStringEnumMemberName("sum")]
    Sum,
}
