namespace Yunying.Analytics.Query.Distribution;

/// <summary>One bucket of a distribution: values from <paramref name="From"/> (inclusive) to <paramref name="To"/> (exclusive).</summary>
/// <param name="Label">A short label: <c>3</c>, <c>1–5</c>, <c>10+</c> for counts, <c>[10, 20)</c>, <c>≥ 100</c>, <c>&lt; 0</c> for sums.</param>
/// <param name="From">The lower bound; absent for the bucket below the first edge.</param>
/// <param name="To">The upper bound; absent for the bucket from the last edge up.</param>
/// <param name="Persons">Persons whose value falls in the bucket.</param>
public sealed record DistributionBucket(string Label, double? From, double? To, long Persons);
