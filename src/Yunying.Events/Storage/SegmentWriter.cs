using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Yunying.Events.Reading;

namespace Yunying.Events.Storage;

/// <summary>Writes segment files, or images in memory, from a view and a row order (sealing, forgetting, sorting a tail).</summary>
internal static class SegmentWriter
{
    /// <summary>Row order by (distinct ordinal, timestamp, arrival): a counting sort on ordinals, then per-run time order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] SortOrder(SegmentView view)
    {
        var n = view.RowCount;
        var ordinals = view.DistinctOrdinals;
        var timestamps = view.Timestamps;
        var max = -1;
        foreach (var ordinal in ordinals)
        {
            max = Math.Max(max, ordinal);
        }

        var starts = new int[max + 2];
        foreach (var ordinal in ordinals)
        {
            starts[ordinal + 1]++;
        }

        for (var i = 1; i < starts.Length; i++)
        {
            starts[i] += starts[i - 1];
        }

        var order = new int[n];
        var next = starts.AsSpan(0, max + 1).ToArray();
        for (var i = 0; i < n; i++)
        {
            order[next[ordinals[i]]++] = i;
        }

        // Arrival order is nearly time order, so most runs are already sorted and cost one pass.
        List<(long Timestamp, int Row)>? scratch = null;
        for (var o = 0; o <= max; o++)
        {
            var start = starts[o];
            var end = starts[o + 1];
            var sorted = true;
            for (var i = start + 1; i < end && sorted; i++)
            {
                sorted = timestamps[order[i - 1]] <= timestamps[order[i]];
            }

            if (sorted)
            {
                continue;
            }

            scratch ??= [];
            scratch.Clear();
            for (var i = start; i < end; i++)
            {
                scratch.Add((timestamps[order[i]], order[i]));
            }

            scratch.Sort();
            for (var i = start; i < end; i++)
            {
                order[i] = scratch[i - start].Row;
            }
        }

        return order;
    }

    /// <summary>Writes the rows <paramref name="rows"/> of <paramref name="source"/>, in that order, as a segment file image in memory.</summary>
    public static byte[] Build(SegmentView source, ReadOnlySpan<int> rows, long segmentId, bool sorted)
    {
        var layout = Plan(source, rows);
        var image = new byte[layout.Length];
        Fill(layout, source, rows, segmentId, sorted, image);
        return image;
    }

    /// <summary>
    /// Writes the rows <paramref name="rows"/> of <paramref name="source"/>, in that order, as the segment file
    /// <paramref name="path"/>, and fsyncs it (the caller flushes the directory).
    /// </summary>
    /// <remarks>
    /// The file is sized first and the columns are gathered straight into a shared mapping of it, so a seal
    /// allocates nothing of the segment's size on the managed heap: the image is page cache the kernel writes
    /// back, not an array the garbage collector must reclaim (a 100 MB array per seal set the server's peak
    /// memory and its pauses while ingesting).
    /// </remarks>
    public static unsafe void WriteFile(string path, SegmentView source, ReadOnlySpan<int> rows, long segmentId, bool sorted)
    {
        var layout = Plan(source, rows);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        stream.SetLength(layout.Length);
        using (var file = MemoryMappedFile.CreateFromFile(stream, mapName: null, layout.Length, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true))
        using (var view = file.CreateViewAccessor(0, layout.Length, MemoryMappedFileAccess.ReadWrite))
        {
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            try
            {
                Fill(layout, source, rows, segmentId, sorted, new Span<byte>(pointer + view.PointerOffset, (int)layout.Length));
            }
            finally
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
            }

            view.Flush();
        }

        stream.Flush(flushToDisk: true);
    }

    /// <summary>The columns <paramref name="rows"/> of <paramref name="source"/> need, where each goes, and the file's length.</summary>
    private static Layout Plan(SegmentView source, ReadOnlySpan<int> rows)
    {
        var n = rows.Length;
        var words = (n + 63) >> 6;
        var columns = new List<Column>
        {
            new(SegmentFormat.Timestamps, -1, n * 8, ColumnSource.Timestamps),
            new(SegmentFormat.DistinctOrdinals, -1, n * 4, ColumnSource.DistinctOrdinals),
            new(SegmentFormat.EventIds, -1, n * 4, ColumnSource.EventIds),
            new(SegmentFormat.Uuids, -1, n * 16, ColumnSource.Uuids),
        };

        foreach (var keyId in source.PropertyKeyIds)
        {
            source.TryGetProperty(keyId, out var column);
            AddPropertyColumns(columns, column, rows, words);
        }

        long length = SegmentFormat.HeaderSize + ((long)columns.Count * SegmentFormat.DirectoryEntrySize);
        var offsets = new long[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            length = Align(length);
            offsets[c] = length;
            length += columns[c].Bytes;
        }

        length = Align(length);
        if (length > Array.MaxLength)
        {
            throw new InvalidOperationException($"A segment of {n} rows would exceed 2 GiB; lower the seal threshold.");
        }

        return new Layout(columns, offsets, (int)length);
    }

    /// <summary>
    /// Gathers the columns straight into <paramref name="image"/> (zeroed, <see cref="Layout.Length"/> bytes),
    /// then writes the header, the directory and the checksum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fill(Layout layout, SegmentView source, ReadOnlySpan<int> rows, long segmentId, bool sorted, Span<byte> image)
    {
        var n = rows.Length;
        var (columns, offsets, length) = layout;
        var min = long.MaxValue;
        var max = long.MinValue;
        for (var c = 0; c < columns.Count; c++)
        {
            var column = columns[c];
            var target = image.Slice((int)offsets[c], column.Bytes);
            switch (column.Source)
            {
                case ColumnSource.Timestamps:
                    (min, max) = GatherTimestamps(source.Timestamps, rows, MemoryMarshal.Cast<byte, long>(target));
                    break;
                case ColumnSource.DistinctOrdinals:
                    Gather(source.DistinctOrdinals, rows, MemoryMarshal.Cast<byte, int>(target));
                    break;
                case ColumnSource.EventIds:
                    Gather(source.EventIds, rows, MemoryMarshal.Cast<byte, int>(target));
                    break;
                case ColumnSource.Uuids:
                    Gather(source.Uuids, rows, MemoryMarshal.Cast<byte, Guid>(target));
                    break;
                default:
                    source.TryGetProperty(column.KeyId, out var property);
                    if (column.Source == ColumnSource.Numbers)
                    {
                        Gather(property.Numbers, rows, MemoryMarshal.Cast<byte, double>(target));
                    }
                    else if (column.Source == ColumnSource.StringIds)
                    {
                        Gather(property.StringIds, rows, MemoryMarshal.Cast<byte, int>(target));
                    }
                    else
                    {
                        GatherBits(Bits(property, column.Kind), rows, MemoryMarshal.Cast<byte, ulong>(target));
                    }

                    break;
            }
        }

        var header = image;
        BinaryPrimitives.WriteUInt64LittleEndian(header, SegmentFormat.Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], SegmentFormat.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], SegmentFormat.HeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], length);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], n);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], columns.Count);
        BinaryPrimitives.WriteInt64LittleEndian(header[32..], min);
        BinaryPrimitives.WriteInt64LittleEndian(header[40..], max);
        BinaryPrimitives.WriteInt64LittleEndian(header[48..], segmentId);
        BinaryPrimitives.WriteUInt32LittleEndian(header[56..], sorted ? SegmentFormat.SortedFlag : 0);
        for (var c = 0; c < columns.Count; c++)
        {
            var entry = image.Slice(SegmentFormat.HeaderSize + (c * SegmentFormat.DirectoryEntrySize), SegmentFormat.DirectoryEntrySize);
            BinaryPrimitives.WriteUInt16LittleEndian(entry, columns[c].Kind);
            BinaryPrimitives.WriteInt32LittleEndian(entry[4..], columns[c].KeyId);
            BinaryPrimitives.WriteInt64LittleEndian(entry[8..], offsets[c]);
            BinaryPrimitives.WriteInt64LittleEndian(entry[16..], columns[c].Bytes);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(image[SegmentFormat.CrcOffset..], Crc32C.Compute(image));
    }

    /// <summary>The columns a property key contributes: a bitmap per kind present among <paramref name="rows"/>, then numbers, then string ids.</summary>
    private static void AddPropertyColumns(List<Column> columns, PropertyColumn column, ReadOnlySpan<int> rows, int words)
    {
        var any = false;
        var hasNumbers = false;
        var hasStrings = false;
        for (var kind = PropertyValueKind.String; kind <= PropertyValueKind.Json; kind++)
        {
            var sourceBits = Bits(column, (ushort)(SegmentFormat.FirstBitmap + (int)kind - 1));
            if (sourceBits.IsEmpty || !AnySet(sourceBits, rows))
            {
                continue;
            }

            any = true;
            hasNumbers |= kind == PropertyValueKind.Number;
            hasStrings |= kind is PropertyValueKind.String or PropertyValueKind.Json;
            columns.Add(new((ushort)(SegmentFormat.FirstBitmap + (int)kind - 1), column.KeyId, words * 8, ColumnSource.Bitmap));
        }

        if (!any)
        {
            return;
        }

        if (hasNumbers)
        {
            columns.Add(new(SegmentFormat.Numbers, column.KeyId, rows.Length * 8, ColumnSource.Numbers));
        }

        if (hasStrings)
        {
            columns.Add(new(SegmentFormat.StringIds, column.KeyId, rows.Length * 4, ColumnSource.StringIds));
        }
    }

    private static ReadOnlySpan<ulong> Bits(PropertyColumn column, ushort bitmapKind) =>
        (PropertyValueKind)(bitmapKind - SegmentFormat.FirstBitmap + 1) switch
        {
            PropertyValueKind.String => column.StringBits,
            PropertyValueKind.Number => column.NumberBits,
            PropertyValueKind.True => column.TrueBits,
            PropertyValueKind.False => column.FalseBits,
            PropertyValueKind.Null => column.NullBits,
            _ => column.JsonBits,
        };

    private static bool AnySet(ReadOnlySpan<ulong> bits, ReadOnlySpan<int> rows)
    {
        foreach (var row in rows)
        {
            if (PropertyColumn.IsSet(bits, row))
            {
                return true;
            }
        }

        return false;
    }

    private static void GatherBits(ReadOnlySpan<ulong> source, ReadOnlySpan<int> rows, Span<ulong> target)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            if (PropertyColumn.IsSet(source, rows[i]))
            {
                target[i >> 6] |= 1UL << i;
            }
        }
    }

    private static (long Min, long Max) GatherTimestamps(ReadOnlySpan<long> source, ReadOnlySpan<int> rows, Span<long> target)
    {
        var min = long.MaxValue;
        var max = long.MinValue;
        for (var i = 0; i < rows.Length; i++)
        {
            var t = source[rows[i]];
            target[i] = t;
            min = Math.Min(min, t);
            max = Math.Max(max, t);
        }

        return (min, max);
    }

    private static void Gather<T>(ReadOnlySpan<T> source, ReadOnlySpan<int> rows, Span<T> target)
        where T : unmanaged
    {
        for (var i = 0; i < rows.Length; i++)
        {
            target[i] = source[rows[i]];
        }
    }

    private static long Align(long value) => (value + SegmentFormat.Alignment - 1) & ~(long)(SegmentFormat.Alignment - 1);

    private enum ColumnSource
    {
        Timestamps,
        DistinctOrdinals,
        EventIds,
        Uuids,
        Bitmap,
        Numbers,
        StringIds,
    }

    private readonly record struct Column(ushort Kind, int KeyId, int Bytes, ColumnSource Source);

    private sealed record Layout(List<Column> Columns, long[] Offsets, int Length);
}
