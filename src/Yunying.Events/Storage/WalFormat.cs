using System.Buffers.Binary;

namespace Yunying.Events.Storage;

/// <summary>
/// Write-ahead-log layout, version 1 (all integers little-endian).
/// <code>
/// file header (32 bytes): magic "YYEVTWAL" | u32 version | u32 header size (32) | u64 first sequence
///                         | u32 CRC-32C of bytes 0..24 | u32 reserved (0)
/// record:                 u32 payload length | u32 CRC-32C of payload | payload
/// payload:                u8 type | u64 sequence | body
/// body, type 1 (events):  u32 count, then per event: 16-byte uuid | i64 timestamp (µs) | str event
///                         | str distinct id | str properties JSON     (str = varint byte length + UTF-8)
/// body, type 2 (forget):  u32 count, then count × str distinct id
/// </code>
/// A record whose length runs past the end of the file or whose CRC does not match is a torn write:
/// recovery keeps everything before it and truncates the file there.
/// </summary>
internal static class WalFormat
{
    public const ulong Magic = 0x4C41575456455959; // "YYEVTWAL"
    public const uint Version = 1;
    public const int FileHeaderSize = 32;
    public const int RecordHeaderSize = 8;
    public const int PayloadPrefixSize = 9; // type + sequence
    public const byte EventsRecord = 1;
    public const byte ForgetRecord = 2;

    /// <summary>Bytes reserved at the start of a record buffer before the body.</summary>
    public const int BodyOffset = RecordHeaderSize + PayloadPrefixSize;

    public static string FileName(long firstSequence) => $"wal-{firstSequence:D20}.ywal";

    public static bool TryParseFileName(string fileName, out long firstSequence)
    {
        firstSequence = 0;
        return fileName.StartsWith("wal-", StringComparison.Ordinal)
            && fileName.EndsWith(".ywal", StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(4, fileName.Length - 9), out firstSequence);
    }

    public static void WriteFileHeader(Span<byte> header, long firstSequence)
    {
        header[..FileHeaderSize].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], FileHeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], firstSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], Crc32C.Compute(header[..24]));
    }

    /// <summary>Fills in the record header and sequence of a record built at offset 0 of <paramref name="record"/>.</summary>
    public static void SealRecord(Span<byte> record, byte type, long sequence)
    {
        var payload = record[RecordHeaderSize..];
        payload[0] = type;
        BinaryPrimitives.WriteInt64LittleEndian(payload[1..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], Crc32C.Compute(payload));
    }

    /// <summary>Validates a file header; a wrong magic number or version is reported clearly.</summary>
    public static long ReadFileHeader(ReadOnlySpan<byte> file, string path)
    {
        if (file.Length < FileHeaderSize)
        {
            throw new EventStoreFormatException($"Write-ahead log '{path}' is shorter than its header.");
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(file) != Magic)
        {
            throw new EventStoreFormatException($"'{path}' is not a Yunying write-ahead log (bad magic number).");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(file[8..]);
        if (version != Version)
        {
            throw new EventStoreFormatException(
                $"Write-ahead log '{path}' has format version {version}; this build reads version {Version} only.");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(file[24..]) != Crc32C.Compute(file[..24]))
        {
            throw new EventStoreFormatException($"Write-ahead log '{path}' has a corrupt header.");
        }

        return BinaryPrimitives.ReadInt64LittleEndian(file[16..]);
    }
}
