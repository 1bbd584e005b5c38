using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Yunying.Events.Reading;

namespace Yunying.Events.Storage;

/// <summary>Builds segment file images from a view and a row order (sealing, forgetting, sorting a tail).</summary>
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

    /// <summary>Writes the rows <paramref name="rows"/> of <paramref name="source"/>, in that order, as a segment file image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static byte[] Build(SegmentView source, ReadOnlySpan<int> rows, long segmentId, bool sorted)
    {
        var n = rows.Length;
        var words = (n + 63) >> 6;
        var columns = new List<(ushort Kind, int KeyId, Array Data, int Bytes)>();

        var timestamps = new long[n];
        var distinct = new int[n];
        var events = new int[n];
        var uuids = new Guid[n];
        var sourceTimestamps = source.Timestamps;
        var sourceDistinct = source.DistinctOrdinals;
        var sourceEvents = source.EventIds;
        var sourceUuids = source.Uuids;
        var min = long.MaxValue;
        var max = long.MinValue;
        for (var i = 0; i < n; i++)
        {
            var r = rows[i];
            var t = sourceTimestamps[r];
            timestamps[i] = t;
            min = Math.Min(min, t);
            max = Math.Max(max, t);
            distinct[i] = sourceDistinct[r];
            events[i] = sourceEvents[r];
            uuids[i] = sourceUuids[r];
        }

        columns.Add((SegmentFormat.Timestamps, -1, timestamps, n * 8));
        columns.Add((SegmentFormat.DistinctOrdinals, -1, distinct, n * 4));
        columns.Add((SegmentFormat.EventIds, -1, events, n * 4));
        columns.Add((SegmentFormat.Uuids, -1, uuids, n * 16));

        foreach (var keyId in source.PropertyKeyIds)
        {
            source.TryGetProperty(keyId, out var column);
            AddProperty(columns, column, rows, words);
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

        var image = new byte[length];
        var header = image.AsSpan();
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
            var entry = image.AsSpan(SegmentFormat.HeaderSize + (c * SegmentFormat.DirectoryEntrySize), SegmentFormat.DirectoryEntrySize);
            BinaryPrimitives.WriteUInt16LittleEndian(entry, columns[c].Kind);
            BinaryPrimitives.WriteInt32LittleEndian(entry[4..], columns[c].KeyId);
            BinaryPrimitives.WriteInt64LittleEndian(entry[8..], offsets[c]);
            BinaryPrimitives.WriteInt64LittleEndian(entry[16..], columns[c].Bytes);
            var bytes = MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(columns[c].Data), columns[c].Bytes);
            bytes.CopyTo(image.AsSpan((int)offsets[c]));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(SegmentFormat.CrcOffset), Crc32C.Compute(image));
        return image;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddProperty(List<(ushort Kind, int KeyId, Array Data, int Bytes)> columns, PropertyColumn column, ReadOnlySpan<int> rows, int words)
    {
        var any = false;
        var hasNumbers = false;
        var hasStrings = false;
        for (var kind = PropertyValueKind.String; kind <= PropertyValueKind.Json; kind++)
        {
            var sourceBits = kind switch
            {
                PropertyValueKind.String => column.StringBits,
                PropertyValueKind.Number => column.NumberBits,
                PropertyValueKind.True => column.TrueBits,
                PropertyValueKind.False => column.FalseBits,
                PropertyValueKind.Null => column.NullBits,
                _ => column.JsonBits,
            };
            if (sourceBits.IsEmpty)
            {
                continue;
            }

            var bits = new ulong[words];
            var set = false;
            for (var i = 0; i < rows.Length; i++)
            {
                if (PropertyColumn.IsSet(sourceBits, rows[i]))
                {
                    bits[i >> 6] |= 1UL << i;
                    set = true;
                }
            }

            if (!set)
            {
                continue;
            }

            any = true;
            hasNumbers |= kind == PropertyValueKind.Number;
            hasStrings |= kind is PropertyValueKind.String or PropertyValueKind.Json;
            columns.Add(((ushort)(SegmentFormat.FirstBitmap + (int)kind - 1), column.KeyId, bits, words * 8));
        }

        if (!any)
        {
            return;
        }

        if (hasNumbers)
        {
            var numbers = new double[rows.Length];
            var source = column.Numbers;
            for (var i = 0; i < rows.Length; i++)
            {
                numbers[i] = source[rows[i]];
            }

            columns.Add((SegmentFormat.Numbers, column.KeyId, numbers, rows.Length * 8));
        }

        if (hasStrings)
        {
            var ids = new int[rows.Length];
            var source = column.StringIds;
            for (var i = 0; i < rows.Length; i++)
            {
                ids[i] = source[rows[i]];
            }

            columns.Add((SegmentFormat.StringIds, column.KeyId, ids, rows.Length * 4));
        }
    }

    private static long Align(long value) => (value + SegmentFormat.Alignment - 1) & ~(long)(SegmentFormat.Alignment - 1);
}
