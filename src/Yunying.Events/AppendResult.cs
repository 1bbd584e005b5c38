namespace Yunying.Events;

/// <summary>The outcome of an append: every appended record is durable (written and fsync'ed) when this is returned.</summary>
/// <param name="Appended">Records written.</param>
/// <param name="SkippedDuplicates">Records skipped because their uuid was seen recently (only with <see cref="AppendOptions.SkipDuplicates"/>).</param>
/// <param name="Sequence">The write-ahead-log sequence number of the batch (0 when nothing was written).</param>
public readonly record struct AppendResult(int Appended, int SkippedDuplicates, long Sequence);
