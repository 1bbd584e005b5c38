namespace Yunying.Analytics.Query;

/// <summary>A resolved period: UTC microseconds, half-open (<c>From ≤ t &lt; To</c>), like the engine's kernels.</summary>
public readonly record struct TimeRange(long From, long To)
{
    public bool Contains(long micros) => micros >= From && micros < To;
}
