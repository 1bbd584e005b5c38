using System.Buffers.Binary;
using Yunying.Events.Reading;

namespace Yunying.Events.Storage;

/// <summary>Validates a segment file image and exposes its columns as a <see cref="SegmentView"/> without copying.</summary>
internal static class SegmentReader
{
    public static SegmentView Read(string path)
    {
        // One read into one array: columns are spans over it (measured faster to open than mapping for
        // segments of this size, and the GC then owns its lifetime, so snapshots need no reference counts).
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength)
        {
            throw new EventStoreFormatException($"Segment '{path}' is larger than this build can read.");
        }

        var image = GC.AllocateUninitializedArray<byte>((int)length);
        var read = 0;
        while (read < image.Length)
        {
            var n = RandomAccess.Read(handle, image.AsSpan(read), read);
            if (n == 0)
            {
                throw new EventStoreFormatException($"Segment '{path}' shrank while being read.");
            }

            read += n;
        }

        return Parse(image, path);
    }

    public static SegmentView Parse(byte[] image, string path, long? asSegmentId = null)
    {
        var span = image.AsSpan();
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
        if (length != image.Length)
        {
            throw new EventStoreFormatException($"Segment '{path}' is {image.Length} bytes but its header says {length}.");
        }

        var crc = BinaryPrimitives.ReadUInt32LittleEndian(span[SegmentFormat.CrcOffset..]);
        var state = Crc32C.Append(0xFFFFFFFFu, span[..SegmentFormat.CrcOffset]);
        state = Crc32C.Append(state, [0, 0, 0, 0]);
        state = Crc32C.Append(state, span[(SegmentFormat.CrcOffset + 4)..]);
        if (~state != crc)
        {
            throw new EventStoreFormatException($"Segment '{path}' is corrupt (checksum mismatch).");
        }

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
                    timestamps = ColumnRef.Over<long>(image, at, count);
                    break;
                case SegmentFormat.DistinctOrdinals:
                    distinct = ColumnRef.Over<int>(image, at, count);
                    break;
                case SegmentFormat.EventIds:
                    events = ColumnRef.Over<int>(image, at, count);
                    break;
                case SegmentFormat.Uuids:
                    uuids = ColumnRef.Over<Guid>(image, at, count);
                    break;
                default:
                    if (!properties.TryGetValue(keyId, out var parts))
                    {
                        parts = new ColumnRef[8];
                        properties.Add(keyId, parts);
                    }

                    parts[kind - SegmentFormat.FirstBitmap] = kind switch
                    {
                        SegmentFormat.Numbers => ColumnRef.Over<double>(image, at, count),
                        SegmentFormat.StringIds => ColumnRef.Over<int>(image, at, count),
                        _ => ColumnRef.Over<ulong>(image, at, count),
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
            [.. propertyData],
            image);
    }
}
