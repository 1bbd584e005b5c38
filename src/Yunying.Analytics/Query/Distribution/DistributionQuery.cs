using Yunying.Core.Results;

namespace Yunying.Analytics.Query.Distribution;

/// <summary>
/// Distribution (分布分析): the persons who did an event in the range, bucketed by how many times they did
/// it or by the sum of a numeric property over those events.
/// </summary>
public sealed record DistributionQuery : AnalyticsQuery
{
    /// <summary>The event (filtered by the query's <c>properties</c>); absent for every event.</summary>
    public string? Event { get; init; }

    /// <summary><c>count</c> (default) or <c>sum</c> (of <c>property</c>).</summary>
    public DistributionMeasure Measure { get; init; } = DistributionMeasure.Count;

    /// <summary>The numeric event property summed by <c>sum</c>.</summary>
    public string? Property { get; init; }

    /// <summary>
    /// Bucket edges, ascending (at most 100): buckets from each edge up to the next, one from the last edge up,
    /// and one below the first when anyone falls there. Absent: chosen from the data (see <c>bucketCount</c>).
    /// </summary>
    public IReadOnlyList<double>? Edges { get; init; }

    /// <summary>Without <c>edges</c>, at most this many buckets of one "nice" width (1, 2 or 5 × a power of ten); 1–100, default 10.</summary>
    public int? BucketCount { get; init; }

    internal override Result<AnalyticsResult> Run(QueryContext context) => DistributionAnalysis.Run(this, context);
}
