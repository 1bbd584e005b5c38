using System.Text.Json.Serialization;

namespace Yunying.Analytics.Query;

/// <summary>One output bucket of a breakdown: a value, the events without a value, or the values beyond the limit.</summary>
/// <param name="Label">The value's text, "(none)" or "(other)".</param>
/// <param name="Kind">Which of the three it is (a real value may be spelt "(none)" too).</param>
public sealed record BreakdownBucket(string Label, BreakdownBucketKind Kind)
{
    public const string NoneLabel = "(none)";
    public const string OtherLabel = "(other)";
}

/// <summary>What a <see cref="BreakdownBucket"/> holds.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BreakdownBucketKind>))]
public enum BreakdownBucketKind
{
    [JsonStringEnumMemberName("value")]
    Value,

    [JsonStringEnumMemberName("none")]
    None,

    [JsonStringEnumMemberName("other")]
    Other,
}
