namespace Yunying.Cli.Commands;

/// <summary>What <c>yunying demo --json</c> prints.</summary>
public sealed record DemoSummary(Guid ProjectId, string ProjectName, long Events, int Users, int Days, int Seed, string EndDate, double Seconds, double EventsPerSecond);
