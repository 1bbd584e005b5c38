namespace Yunying.Analytics.Query.Paths;

/// <summary>What every walker needs to know about the query: limits, gap, the start and end step codes (-1: none), and the code space.</summary>
/// <remarks>Step codes per step index (<c>Width</c>) are the names plus the collapsed node (<see cref="GapCode"/>, the last).</remarks>
internal sealed record PathShape(int StepLimit, long GapMicros, int StartCode, int EndCode, int Width)
{
    public int GapCode => Width - 1;
}
