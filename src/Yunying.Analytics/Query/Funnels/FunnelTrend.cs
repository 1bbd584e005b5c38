namespace Yunying.Analytics.Query.Funnels;

/// <summary>
/// Conversion by entry interval: for each interval, the persons with an attempt that entered in it, and how
/// many of them (by their best attempt entering in that interval) completed every step.
/// </summary>
public sealed record FunnelTrend
{
    public required Interval Interval { get; init; }

    /// <summary>Local label of each interval.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Local start of each interval, with its offset.</summary>
    public required IReadOnlyList<DateTimeOffset> Starts { get; init; }

    /// <summary>Persons who entered in each interval.</summary>
    public required IReadOnlyList<long> Entered { get; init; }

    /// <summary>Of those, the persons who completed the funnel.</summary>
    public required IReadOnlyList<long> Converted { get; init; }

    /// <summary><see cref="Converted"/> ÷ <see cref="Entered"/> (0 when nobody entered).</summary>
    public required IReadOnlyList<double> ConversionRates { get; init; }
}
