using System.Text.Json.Serialization;

namespace Yunying.Analytics.Query;

/// <summary>The width of one time bucket, in the project's local calendar. Weeks start on Monday.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Interval>))]
public enum Interval
{
    [JsonStringEnumMemberName("hour")]
    Hour,

    [JsonStringEnumMemberName("day")]
    Day,

    [JsonStringEnumMemberName("week")]
    Week,

    [JsonStringEnumMemberName("month")]
    Month,
}
