namespace Yunying.Analytics.Query.Retention;

/// <summary>The answer to a <see cref="RetentionQuery"/>: one retention matrix per breakdown bucket (one without a breakdown).</summary>
public sealed record RetentionResult : AnalyticsResult
{
    public required Interval Period { get; init; }

    public required RetentionType RetentionType { get; init; }

    public required RetentionReturn ReturnMode { get; init; }

    /// <summary>The last period followed; every matrix has columns 0 … this number.</summary>
    public required int Periods { get; init; }

    /// <summary>The matrices, one per breakdown bucket in breakdown order.</summary>
    public required IReadOnlyList<RetentionMatrix> Matrices { get; init; }

    /// <summary>The persons of one cell, when the query asked for them.</summary>
    public RetentionPeople? People { get; init; }
}
