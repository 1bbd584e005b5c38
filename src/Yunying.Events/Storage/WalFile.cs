using System.Buffers.Binary;

namespace Yunying.Events.Storage;

/// <summary>The records of one write-ahead-log file and how many bytes of it are intact.</summary>
internal sealed class WalFile
{
    private WalFile(string path, long firstSequence, List<WalRecord> records, long validLength, long fileLength)
    {
        Path = path;
        FirstSequence = firstSequence;
        Records = records;
        ValidLength = validLength;
        FileLength = fileLength;
    }

    public string Path { get; }

    public long FirstSequence { get; }

    public List<WalRecord> Records { get; }

    /// <summary>Bytes up to the end of the last intact record.</summary>
    public long ValidLength { get; }

    public long FileLength { get; }

    public bool HasTornTail => ValidLength != FileLength;

    /// <summary>Reads a whole WAL file. Header problems throw; a bad record ends the intact prefix.</summary>
    public static WalFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return Parse(bytes, path);
    }

    public static WalFile Parse(byte[] bytes, string path)
    {
        var firstSequence = WalFormat.ReadFileHeader(bytes, path);
        var records = new List<WalRecord>();
        var position = WalFormat.FileHeaderSize;
        var expected = firstSequence;
        while (bytes.Length - position >= WalFormat.RecordHeaderSize)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position));
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position + 4));
            if (length < WalFormat.PayloadPrefixSize || length > bytes.Length - position - WalFormat.RecordHeaderSize)
            {
                break;
            }

            var payload = bytes.AsMemory(position + WalFormat.RecordHeaderSize, (int)length);
            if (Crc32C.Compute(payload.Span) != crc)
            {
                break;
            }

            var type = payload.Span[0];
            var sequence = BinaryPrimitives.ReadInt64LittleEndian(payload.Span[1..]);
            if (sequence != expected || (type != WalFormat.EventsRecord && type != WalFormat.ForgetRecord))
            {
                // A checksummed record with an impossible sequence or type is not a torn write.
                throw new EventStoreFormatException(
                    $"Write-ahead log '{path}' holds record {sequence} of type {type} where record {expected} was expected.");
            }

            records.Add(new WalRecord(type, sequence, payload[WalFormat.PayloadPrefixSize..]));
            position += WalFormat.RecordHeaderSize + (int)length;
            expected++;
        }

        return new WalFile(path, firstSequence, records, position, bytes.Length);
    }
}
