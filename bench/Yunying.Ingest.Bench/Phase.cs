namespace Yunying.Ingest.Bench;

/// <summary>One timed load phase, with the CPU both processes used during it (1.0 = one core busy).</summary>
internal sealed record Phase(string Name, int BatchSize, string Mode, LoadResult Load, double ServerCpuSeconds, double ClientCpuSeconds, long ServerPeakRss)
{
    public double ServerCores => ServerCpuSeconds / Load.Seconds;

    public double ClientCores => ClientCpuSeconds / Load.Seconds;

    public object ToJson() => new
    {
        name = Name,
        batchSize = BatchSize,
        mode = Mode,
        requests = Load.Requests,
        events = Load.Events,
        accepted = Load.Accepted,
        duplicates = Load.Duplicates,
        rejected = Load.Rejected,
        failedRequests = Load.FailedRequests,
        firstFailure = Load.FirstFailure,
        seconds = Math.Round(Load.Seconds, 3),
        eventsPerSecond = Math.Round(Load.EventsPerSecond),
        latencyMs = new
        {
            p50 = Math.Round(Load.Percentile(0.50), 2),
            p95 = Math.Round(Load.Percentile(0.95), 2),
            p99 = Math.Round(Load.Percentile(0.99), 2),
            max = Math.Round(Load.Percentile(1), 2),
        },
        dispatchLatenessMs = Load.DispatchLatenessMs.Length == 0 || Load.DispatchLatenessMs.All(l => l == 0) ? null : new
        {
            p50 = Math.Round(Load.LatenessPercentile(0.50), 2),
            p99 = Math.Round(Load.LatenessPercentile(0.99), 2),
            max = Math.Round(Load.LatenessPercentile(1), 2),
        },
        serverCores = Math.Round(ServerCores, 2),
        clientCores = Math.Round(ClientCores, 2),
        serverPeakRssMiB = Math.Round(ServerPeakRss / 1048576.0, 1),
    };
}
