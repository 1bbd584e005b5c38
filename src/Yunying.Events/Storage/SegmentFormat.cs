namespace Yunying.Events.Storage;

/// <summary>
/// Segment file layout, version 1 (all integers little-endian).
/// <code>
/// header (64 bytes): magic "YYEVTSEG" | u32 version | u32 header size (64) | i64 file length | i32 rows
///                    | i32 columns | i64 min timestamp | i64 max timestamp | i64 segment id
///                    | u32 flags (1 = sorted by distinct, time) | u32 CRC-32C of the whole file with this field zero
/// directory:         columns × (u16 kind | u16 reserved | i32 property key id or -1 | i64 offset | i64 byte length)
/// column data:       each column starts on a 64-byte boundary; padding is zero
/// </code>
/// Column kinds: 1 timestamps (i64 µs), 2 distinct ordinals (i32), 3 event ids (i32), 4 uuids (16 bytes);
/// per property key: 16 string bitmap, 17 number bitmap, 18 true bitmap, 19 false bitmap, 20 null bitmap,
/// 21 nested-JSON bitmap (u64 words, row r = bit r%64 of word r/64), 22 numbers (f64), 23 value ids (i32).
/// A property column appears only when some row has that kind. Rows are sorted by (distinct ordinal,
/// timestamp, arrival). Readers map the whole file and take spans at the offsets; nothing is decoded.
/// </summary>
internal static class SegmentFormat
{
    public const ulong Magic = 0x4745535456455959; // "YYEVTSEG"
    public const uint Version = 1;
    public const int HeaderSize = 64;
    public const int DirectoryEntrySize = 24;
    public const int Alignment = 64;
    public const int CrcOffset = 60;
    public const uint SortedFlag = 1;

    public const ushort Timestamps = 1;
    public const ushort DistinctOrdinals = 2;
    public const ushort EventIds = 3;
    public const ushort Uuids = 4;
    public const ushort FirstBitmap = 16; // + PropertyValueKind - 1
    public const ushort Numbers = 22;
    public const ushort StringIds = 23;

    public static string FileName(long segmentId) => $"seg-{segmentId:D10}.yseg";
}
