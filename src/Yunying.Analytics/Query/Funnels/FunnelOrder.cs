using System.Text.Json.Serialization;

namespace Yunying.Analytics.Query.Funnels;

/// <summary>How a funnel's steps must follow each other.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FunnelOrder>))]
public enum FunnelOrder
{
    /// <summary>In order; the person's other events may come between steps (PostHog's "sequential").</summary>
    [JsonStringEnumMemberName("ordered")]
    Ordered,

    /// <summary>In order, each step the person's very next event after the previous step.</summary>
    [JsonStringEnumMemberName("strict")]
    Strict,

    /// <summary>In any order: step N means N of the steps were done.</summary>
    [JsonStringEnumMemberName("unordered")]
    Unordered,
}
