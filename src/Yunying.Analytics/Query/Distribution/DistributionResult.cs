namespace Yunying.Analytics.Query.Distribution;

/// <summary>The answer to a <see cref="DistributionQuery"/>.</summary>
public sealed record DistributionResult : AnalyticsResult
{
    public required DistributionMeasure Measure { get; init; }

    /// <summary>The summed property, for <c>sum</c>.</summary>
    public string? Property { get; init; }

    /// <summary>The buckets, lowest first.</summary>
    public required IReadOnlyList<DistributionBucket> Buckets { get; init; }

    /// <summary>Persons with a value (did the event; for <c>sum</c>, with at least one numeric value).</summary>
    public required long Total { get; init; }

    /// <summary>The smallest value; absent when no person has one.</summary>
    public double? Min { get; init; }

    /// <summary>The largest value.</summary>
    public double? Max { get; init; }

    /// <summary>The mean of the persons' values.</summary>
    public double? Average { get; init; }
}
