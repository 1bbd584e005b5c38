namespace Yunying.Ingest.Bench;

/// <summary>One column's share of a ClickHouse table (<c>system.columns</c>).</summary>
internal sealed record ClickHouseColumn(string Name, string Type, long CompressedBytes, long UncompressedBytes);
