namespace Yunying.Analytics.Query.Funnels;

/// <summary>How many persons reached one step, the rates, and how long they took from the step before.</summary>
public sealed record FunnelStepResult
{
    /// <summary>The step's position (0-based).</summary>
    public required int Index { get; init; }

    /// <summary>The step's name (unordered funnels: "Completed N steps").</summary>
    public required string Label { get; init; }

    /// <summary>The step's event; absent for any event and in unordered funnels.</summary>
    public string? Event { get; init; }

    /// <summary>Persons whose attempt reached this step.</summary>
    public required long Count { get; init; }

    /// <summary><see cref="Count"/> ÷ the first step's count (0 when nobody entered).</summary>
    public required double ConversionRate { get; init; }

    /// <summary><see cref="Count"/> ÷ the previous step's count (the first step: 1 when anyone entered).</summary>
    public required double StepConversionRate { get; init; }

    /// <summary>Persons who reached the previous step but not this one (0 for the first step).</summary>
    public required long DroppedOff { get; init; }

    /// <summary>Mean seconds from the previous step to this one, over the persons who reached it; absent for the first step or when nobody did.</summary>
    public double? AverageSeconds { get; init; }

    /// <summary>Median of the same times (linear interpolation between the closest ranks).</summary>
    public double? MedianSeconds { get; init; }
}
