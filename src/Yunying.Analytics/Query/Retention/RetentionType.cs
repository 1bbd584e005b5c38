using System.Text.Json.Serialization;

namespace Yunying.Analytics.Query.Retention;

/// <summary>Who makes up a retention cohort.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RetentionType>))]
public enum RetentionType
{
    /// <summary>Persons whose first start event ever (across all data) falls in the cohort's interval; each person is in one cohort at most.</summary>
    [JsonStringEnumMemberName("first_time")]
    FirstTime,

    /// <summary>Persons with any start event in the cohort's interval; a person is in every cohort they started in.</summary>
    [JsonStringEnumMemberName("recurring")]
    Recurring,
}
