namespace Yunying.Analytics.Query.Funnels;

/// <summary>
/// Time to convert from <see cref="FromStep"/> to <see cref="ToStep"/> over the persons who reached the later
/// step: equal-width bins from the shortest to the longest time (whole microseconds wide; the last bin also
/// holds the longest).
/// </summary>
public sealed record FunnelHistogram
{
    public required int FromStep { get; init; }

    public required int ToStep { get; init; }

    /// <summary>Persons in the histogram.</summary>
    public required long Count { get; init; }

    public double? AverageSeconds { get; init; }

    public double? MedianSeconds { get; init; }

    /// <summary>The bins, shortest times first; empty when nobody converted.</summary>
    public required IReadOnlyList<FunnelHistogramBin> Bins { get; init; }
}

/// <summary>Persons whose time to convert was at least <paramref name="FromSeconds"/> and less than <paramref name="ToSeconds"/>.</summary>
public sealed record FunnelHistogramBin(double FromSeconds, double ToSeconds, long Count);
