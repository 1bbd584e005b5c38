namespace Yunying.Analytics.Demo;

/// <summary>What a demo load wrote and how fast.</summary>
public sealed record DemoLoadResult(long Events, int Users, TimeSpan Elapsed)
{
    public double EventsPerSecond => Elapsed > TimeSpan.Zero ? Events / Elapsed.TotalSeconds : 0;
}
