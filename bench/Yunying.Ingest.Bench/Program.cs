using Yunying.Ingest.Bench;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

if (BenchOptions.Parse(args, out var error) is not { } options)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    Console.Error.WriteLine($"error: {error}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return await new IngestBenchmark(options).RunAsync(cancel.Token);
}
catch (BenchFailure e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
