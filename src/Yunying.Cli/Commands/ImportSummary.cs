namespace Yunying.Cli.Commands;

/// <summary>What <c>yunying import --json</c> prints.</summary>
public sealed record ImportSummary(Guid ProjectId, long Lines, long Imported, long Duplicates, long SkippedLines);
