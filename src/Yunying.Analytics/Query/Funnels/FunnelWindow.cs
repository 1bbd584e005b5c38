using System.Text.Json.Serialization;

namespace Yunying.Analytics.Query.Funnels;

/// <summary>
/// The conversion window: how long after the first step the last step may come, inclusive. Units are fixed
/// lengths (a day is 24 hours, a week 7 days, a month 30 days), as in PostHog.
/// </summary>
/// <param name="Value">How many units (at least 1; at most 366 days in all).</param>
/// <param name="Unit"><c>second</c>, <c>minute</c>, <c>hour</c>, <c>day</c> (default), <c>week</c> or <c>month</c>.</param>
public sealed record FunnelWindow(int Value = 14, FunnelWindowUnit Unit = FunnelWindowUnit.Day)
{
    /// <summary>The default window: 14 days.</summary>
    public static FunnelWindow Default { get; } = new();

    /// <summary>The longest window, in days.</summary>
    public const int MaxDays = 366;

    /// <summary>The longest window, in microseconds.</summary>
    public const long MaxMicros = MaxDays * 86_400_000_000L;

    /// <summary>The window in microseconds (valid when <see cref="IsValid"/>).</summary>
    public long Micros => Value * UnitMicros(Unit);

    /// <summary>Whether the value is at least 1 and the window at most <see cref="MaxDays"/> days.</summary>
    public bool IsValid => Enum.IsDefined(Unit) && Value >= 1 && Value <= MaxMicros / UnitMicros(Unit);

    /// <summary>The length of one unit in microseconds.</summary>
    public static long UnitMicros(FunnelWindowUnit unit) => unit switch
    {
        FunnelWindowUnit.Second => 1_000_000L,
        FunnelWindowUnit.Minute => 60_000_000L,
        FunnelWindowUnit.Hour => 3_600_000_000L,
        FunnelWindowUnit.Day => 86_400_000_000L,
        FunnelWindowUnit.Week => 7 * 86_400_000_000L,
        _ => 30 * 86_400_000_000L,
    };
}

/// <summary>The unit of a <see cref="FunnelWindow"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FunnelWindowUnit>))]
public enum FunnelWindowUnit
{
    [JsonStringEnumMemberName("second")]
    Second,

    [JsonStringEnumMemberName("minute")]
    Minute,

    [JsonStringEnumMemberName("hour")]
    Hour,

    [JsonStringEnumMemberName("day")]
    Day,

    [JsonStringEnumMemberName("week")]
    Week,

    [JsonStringEnumMemberName("month")]
    Month,
}
