using System.Buffers.Binary;
using Yunying.Events.Reading;

namespace Yunying.Events.Storage;

/// <summary>Validates a segment file image and exposes its columns as a <see cref="SegmentView"/> without copying.</summary>
internal static class SegmentReader
{
    /// <summary>
    /// Maps a segment file and checks it: its header, then its checksum with plain reads through a small buffer,
    /// so checking leaves the mapping untouched (nothing becomes resident until a query reads it).
    /// </summary>
    public static SegmentView Read(string path) => Map(path, verify: true);

    /// <summary>Maps a segment file this process has just written from a checked image (no checksum pass).</summary>
    public static SegmentView MapWritten(string path) => Map(path, verify: false);

    private static SegmentView Map(string path, bool verify)
    {
        long length;
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            length = RandomAccess.GetLength(handle);
            if (length > Array.MaxLength)
            {
                throw new EventStoreFormatException($"Segment '{path}' is larger than this build can read.");
            }

            if (length < SegmentFormat.HeaderSize)
            {
                throw new EventStoreFormatException($"'{path}' is not a Yunying segment file (bad magic number).");
            }

            var mapped = MappedSegment.Map(path, (int)length);
            CheckHeader(mapped.Span, path);
            if (verify && ChecksumOf(handle, length) != BinaryPrimitives.ReadUInt32LittleEndian(mapped.Span[SegmentFormat.CrcOffset..]))
            {
                throw new EventStoreFormatException($"Segment '{path}' is corrupt (checksum mismatch).");
            }

            return Parse(mapped, mapped.Span, path, asSegmentId: null);
        }
    }

    /// <summary>CRC-32C of the file with its own checksum field read as zeros.</summary>
    private static uint ChecksumOf(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long length)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            var state = 0xFFFFFFFFu;
            for (long at = 0; at < length;)
            {
                var n = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - at)), at);
                if (n == 0)
                {
                    throw new EventStoreFormatException("A segment file shrank while being read.");
                }

                if (at == 0)
                {
                    buffer.AsSpan(SegmentFormat.CrcOffset, 4).Clear();
                }

                state = Crc32C.Append(state, buffer.AsSpan(0, n));
                at += n;
            }

            return ~state;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Checks and exposes a segment image built in memory (the sorted copy of a tail).</summary>
    public static SegmentView Parse(byte[] image, string path, long? asSegmentId = null)
    {
        var span = image.AsSpan();
        CheckHeader(span, path);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(span[SegmentFormat.CrcOffset..]);
        var state = Crc32C.Append(0xFFFFFFFFu, span[..SegmentFormat.CrcOffset]);
        state = Crc32C.Append(state, [0, 0, 0, 0]);
        state = Crc32C.Append(state, span[(SegmentFormat.CrcOffset + 4)..]);
        if (~state != crc)
        {
            throw new EventStoreFormatException($"Segment '{path}' is corrupt (checksum mismatch).");
        }

        return Parse(image, span, path, asSegmentId);
    }

    private static void CheckHeader(ReadOnlySpan<byte> span, string path)
    {
        if (span.Length < SegmentFormat.HeaderSize || BinaryPrimitives.ReadUInt64LittleEndian(span) != SegmentFormat.Magic)
        {
            throw new EventStoreFormatException($"'{path}' is not a Yunying segment file (bad magic number).");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
        if (version != SegmentFormat.Version)
        {
            throw new EventStoreFormatException(
                $"Segment '{path}' has format version {version}; this build reads version {SegmentFormat.Version} only.");
        }

        var length = BinaryPrimitives.ReadInt64LittleEndian(span[16..]);
        if (length != span.Length)
        {
            throw new EventStoreFormatException($"Segment '{path}' is {span.Length} bytes but its header says {length}.");
        }
    }

    /// <summary>Reads the column directory of a checked image; <paramref name="owner"/> is the array or mapping <paramref name="span"/> covers.</summary>
    private static SegmentView Parse(object owner, ReadOnlySpan<byte> span, string path, long? asSegmentId)
    {
        var length = span.Length;
        var rows = BinaryPrimitives.ReadInt32LittleEndian(span[24..]);
        var columnCount = BinaryPrimitives.ReadInt32LittleEndian(span[28..]);
        var min = BinaryPrimitives.ReadInt64LittleEndian(span[32..]);
        var max = BinaryPrimitives.ReadInt64LittleEndian(span[40..]);
        var segmentId = BinaryPrimitives.ReadInt64LittleEndian(span[48..]);
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(span[56..]);
        if (rows < 0 || columnCount < 0 || SegmentFormat.HeaderSize + ((long)columnCount * SegmentFormat.DirectoryEntrySize) > length)
        {
            throw new EventStoreFormatException($"Segment '{path}' has an impossible header.");
        }

        var words = (rows + 63) >> 6;
        ColumnRef timestamps = default, distinct = default, events = default, uuids = default;
        var properties = new SortedDictionary<int, ColumnRef[]>();
        for (var c = 0; c < columnCount; c++)
        {
            var entry = span.Slice(SegmentFormat.HeaderSize + (c * SegmentFormat.DirectoryEntrySize), SegmentFormat.DirectoryEntrySize);
            var kind = BinaryPrimitives.ReadUInt16LittleEndian(entry);
            var keyId = BinaryPrimitives.ReadInt32LittleEndian(entry[4..]);
            var offset = BinaryPrimitives.ReadInt64LittleEndian(entry[8..]);
            var bytes = BinaryPrimitives.ReadInt64LittleEndian(entry[16..]);
            var (elementSize, count) = kind switch
            {
                SegmentFormat.Timestamps or SegmentFormat.Numbers => (8, rows),
                SegmentFormat.DistinctOrdinals or SegmentFormat.EventIds or SegmentFormat.StringIds => (4, rows),
                SegmentFormat.Uuids => (16, rows),
                >= SegmentFormat.FirstBitmap and < SegmentFormat.Numbers => (8, words),
                _ => throw new EventStoreFormatException($"Segment '{path}' has a column of unknown kind {kind}."),
            };
            if (bytes != (long)elementSize * count || offset < 0 || offset > int.MaxValue || offset + bytes > length)
            {
                throw new EventStoreFormatException($"Segment '{path}' column {c} lies outside the file or has the wrong size.");
            }

            var at = (int)offset;
            switch (kind)
            {
                case SegmentFormat.Timestamps:
                    timestamps = Column<long>(owner, at, count);
                    break;
                case SegmentFormat.DistinctOrdinals:
                    distinct = Column<int>(owner, at, count);
                    break;
                case SegmentFormat.EventIds:
                    events = Column<int>(owner, at, count);
                    break;
                case SegmentFormat.Uuids:
                    uuids = Column<Guid>(owner, at, count);
                    break;
                default:
                    if (!properties.TryGetValue(keyId, out var parts))
                    {
                        parts = new ColumnRef[8];
                        properties.Add(keyId, parts);
                    }

                    parts[kind - SegmentFormat.FirstBitmap] = kind switch
                    {
                        SegmentFormat.Numbers => Column<double>(owner, at, count),
                        SegmentFormat.StringIds => Column<int>(owner, at, count),
                        _ => Column<ulong>(owner, at, count),
                    };
                    break;
            }
        }

        if (rows > 0 && (timestamps.Count != rows || distinct.Count != rows || events.Count != rows || uuids.Count != rows))
        {
            throw new EventStoreFormatException($"Segment '{path}' lacks one of its required columns.");
        }

        var propertyData = new List<PropertyColumnData>(properties.Count);
        foreach (var (keyId, parts) in properties)
        {
            propertyData.Add(new PropertyColumnData(keyId, rows)
            {
                StringBits = parts[0],
                NumberBits = parts[1],
                TrueBits = parts[2],
                FalseBits = parts[3],
                NullBits = parts[4],
                JsonBits = parts[5],
                Numbers = parts[6],
                StringIds = parts[7],
            });
        }

        return new SegmentView(
            asSegmentId ?? segmentId,
            rows,
            (flags & SegmentFormat.SortedFlag) != 0,
            min,
            max,
            timestamps,
            distinct,
            events,
            uuids,
            [.. propertyData]);
    }

    private static ColumnRef Column<T>(object owner, int at, int count)
        where T : unmanaged => owner is byte[] image ? ColumnRef.Over<T>(image, at, count) : ColumnRef.Over<T>((MappedSegment)owner, at, count);
}
