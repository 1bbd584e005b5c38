using System.Text.Json.Serialization;

namespace Yunying.Analytics.Query.Retention;

/// <summary>What counts as retained in period N.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RetentionReturn>))]
public enum RetentionReturn
{
    /// <summary>A return event in period N itself.</summary>
    [JsonStringEnumMemberName("on")]
    On,

    /// <summary>A return event in period N or any later period shown (PostHog's "on or after", its cumulative retention).</summary>
    [JsonStringEnumMemberName("on_or_after")]
    OnOrAfter,
}
