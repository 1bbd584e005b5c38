using System.Text.Json.Serialization;

namespace Yunying.Analytics.Query;

/// <summary>Where a filtered or broken-down value comes from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PropertyScope>))]
public enum PropertyScope
{
    /// <summary>A property of the event itself.</summary>
    [JsonStringEnumMemberName("event")]
    Event,

    /// <summary>A property of the event's person (its current value, after every merge).</summary>
    [JsonStringEnumMemberName("person")]
    Person,

    /// <summary>Membership of the event's person in a cohort (the filter's key is the cohort id).</summary>
    [JsonStringEnumMemberName("cohort")]
    Cohort,
}
