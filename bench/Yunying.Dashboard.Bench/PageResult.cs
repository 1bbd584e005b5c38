namespace Yunying.Dashboard.Bench;

/// <summary>
/// One page's figures: its cold load (the first request after the server started), its warm loads, its loads
/// right after a new event arrived (fresh: nothing cached for the new data; the page may show the answer over
/// earlier data while the new one is computed), how long after one more event a reloaded page first showed it,
/// the server's CPU time (user + system) during the cold load, and the server's peak RSS (<c>VmHWM</c>) and RSS when this page's runs were done.
/// </summary>
internal sealed record PageResult(
    string Name,
    string PathAndQuery,
    double ServerStartSeconds,
    PageLoad Cold,
    double ColdServerCpuSeconds,
    IReadOnlyList<PageLoad> Warm,
    IReadOnlyList<PageLoad> Fresh,
    double NewDataShownMs,
    long ServerRssBytes,
    long ServerPeakRssBytes)
{
    public double WarmMedianMs => Percentile(Warm.Select(w => w.TotalMs), 0.5);

    public double WarmP95Ms => Percentile(Warm.Select(w => w.TotalMs), 0.95);

    public double WarmMaxMs => Warm.Count == 0 ? double.NaN : Warm.Max(w => w.TotalMs);

    public double FreshMedianMs => Percentile(Fresh.Select(w => w.TotalMs), 0.5);

    public double FreshTtfbMedianMs => Percentile(Fresh.Select(w => w.TtfbMs), 0.5);

    public double WarmTtfbMedianMs => Percentile(Warm.Select(w => w.TtfbMs), 0.5);

    /// <summary>Nearest-rank percentile (the value at rank ⌈p·n⌉), so every figure is one that was measured.</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
