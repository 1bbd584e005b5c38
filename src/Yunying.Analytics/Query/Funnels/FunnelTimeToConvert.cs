namespace Yunying.Analytics.Query.Funnels;

/// <summary>Asks for a histogram of the time persons took from one step to a later one.</summary>
/// <param name="FromStep">The earlier step (0-based); default 0.</param>
/// <param name="ToStep">The later step; default the last.</param>
/// <param name="Bins">How many equal-width bins (1–100, default 10).</param>
public sealed record FunnelTimeToConvert(int FromStep = 0, int? ToStep = null, int Bins = 10)
{
    public const int MaxBins = 100;
}
