namespace Yunying.Ingest.Bench;

/// <summary>What one load phase sent and how the server answered.</summary>
internal sealed record LoadResult(
    int Requests,
    long Events,
    long BodyBytes,
    long Accepted,
    long Duplicates,
    long Rejected,
    int FailedRequests,
    string? FirstFailure,
    double Seconds,
    double[] LatenciesMs,
    double[] DispatchLatenessMs,
    DateTime StartedUtc,
    double[] StartOffsetsMs)
{
    public double EventsPerSecond => Events / Seconds;

    /// <summary>The <paramref name="quantile"/> (0–1) of request latency, nearest-rank.</summary>
    public double Percentile(double quantile) => Percentile(LatenciesMs, quantile);

    /// <summary>The <paramref name="quantile"/> of how late the open loop started requests (its own share of the latency).</summary>
    public double LatenessPercentile(double quantile) => Percentile(DispatchLatenessMs, quantile);

    private static double Percentile(double[] values, double quantile)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(quantile * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
