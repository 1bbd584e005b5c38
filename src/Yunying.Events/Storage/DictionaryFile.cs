using System.Buffers.Binary;
using System.Text;
using Yunying.Events.Partition;

namespace Yunying.Events.Storage;

/// <summary>
/// The append-only dictionary file (<c>dictionaries.ydict</c>), version 1:
/// a 16-byte header (magic "YYEVDICT" | u32 version | u32 reserved) then entries
/// (u8 dictionary: 0 event names, 1 distinct ids, 2 property keys, 3 property values | varint length | UTF-8).
/// Each dictionary's ids are its entries in file order. Only the prefix named by the manifest is valid;
/// bytes after it (from a seal that crashed before publishing) are truncated on open.
/// </summary>
internal static class DictionaryFile
{
    public const string FileName = "dictionaries.ydict";
    public const ulong Magic = 0x5443494456455959; // "YYEVDICT"
    public const uint Version = 1;
    public const int HeaderSize = 16;

    public static void Load(string directory, long validLength, StringTables tables)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            if (validLength > 0)
            {
                throw new EventStoreFormatException($"Dictionary file '{path}' is missing.");
            }

            return;
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < validLength)
        {
            throw new EventStoreFormatException($"Dictionary file '{path}' is shorter than the manifest says.");
        }

        if (validLength == 0)
        {
            File.Delete(path);
            return;
        }

        ReadHeader(bytes, path);
        var reader = new ByteReader(bytes.AsSpan(HeaderSize, (int)validLength - HeaderSize));
        while (reader.Remaining > 0)
        {
            var table = reader.ReadByte();
            tables[table].Add(Encoding.UTF8.GetString(reader.ReadBytes()));
        }

        if (bytes.Length > validLength)
        {
            DurableFiles.Truncate(path, validLength);
        }
    }

    /// <summary>Appends dictionary entries [<paramref name="from"/>, <paramref name="to"/>) durably; returns the new valid length.</summary>
    public static long Append(string directory, long validLength, StringTables tables, DictionaryCounts from, DictionaryCounts to)
    {
        using var buffer = new ByteBuffer(4096);
        if (validLength == 0)
        {
            var header = buffer.GetSpan(HeaderSize);
            header.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(header, Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Version);
            buffer.Advance(HeaderSize);
        }

        for (var table = 0; table < 4; table++)
        {
            for (var id = from[table]; id < to[table]; id++)
            {
                buffer.WriteByte((byte)table);
                buffer.WriteString(tables[table][id]);
            }
        }

        if (buffer.Length == 0)
        {
            return validLength;
        }

        var path = Path.Combine(directory, FileName);
        using (var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(handle, buffer.WrittenSpan, validLength);
            RandomAccess.FlushToDisk(handle);
        }

        return validLength + buffer.Length;
    }

    private static void ReadHeader(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length < HeaderSize || BinaryPrimitives.ReadUInt64LittleEndian(bytes) != Magic)
        {
            throw new EventStoreFormatException($"'{path}' is not a Yunying dictionary file (bad magic number).");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (version != Version)
        {
            throw new EventStoreFormatException(
                $"Dictionary file '{path}' has format version {version}; this build reads version {Version} only.");
        }
    }
}
