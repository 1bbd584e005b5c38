namespace Yunying.Ingest.Bench;

/// <summary>On-disk size of one ClickHouse table after <c>OPTIMIZE … FINAL</c>, from <c>system.parts</c> (active parts).</summary>
internal sealed record ClickHouseTable(
    string Name,
    string Description,
    string OrderBy,
    long Rows,
    int ActiveParts,
    long BytesOnDisk,
    long CompressedBytes,
    long UncompressedBytes,
    double InsertSeconds,
    IReadOnlyList<ClickHouseColumn> Columns)
{
    public double BytesPerRow => Rows == 0 ? double.NaN : (double)BytesOnDisk / Rows;
}
