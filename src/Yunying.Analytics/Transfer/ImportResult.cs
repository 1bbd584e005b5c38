namespace Yunying.Analytics.Transfer;

/// <summary>What an import read: lines (or CSV records), events handed to the store, and lines skipped.</summary>
public sealed record ImportResult(long Lines, long Events, long Skipped);
