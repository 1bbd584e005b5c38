using System.Text.Json.Serialization;

namespace Yunying.Analytics.Query.Funnels;

/// <summary>Which event of a person's attempt gives the person's breakdown value.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FunnelAttribution>))]
public enum FunnelAttribution
{
    /// <summary>The attempt's first step.</summary>
    [JsonStringEnumMemberName("first_touch")]
    FirstTouch,

    /// <summary>The last step the attempt reached.</summary>
    [JsonStringEnumMemberName("last_touch")]
    LastTouch,

    /// <summary>The step named by <c>attributionStep</c> ("(none)" when the attempt did not reach it).</summary>
    [JsonStringEnumMemberName("step")]
    Step,
}
