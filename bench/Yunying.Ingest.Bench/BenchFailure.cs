namespace Yunying.Ingest.Bench;

/// <summary>A reason the benchmark cannot run, printed as one <c>error:</c> line.</summary>
internal sealed class BenchFailure(string message) : Exception(message);
