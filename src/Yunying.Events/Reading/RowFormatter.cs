using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Yunying.Events.Reading;

/// <summary>Turns a row of a segment view back into an <see cref="ExportedEvent"/> (export, golden tests).</summary>
internal sealed class RowFormatter(ProjectSnapshot snapshot)
{
    // Export output is data, not HTML: keep non-ASCII text (Chinese city names…) readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public static int[] TimeOrder(SegmentView segment)
    {
        var timestamps = segment.Timestamps.ToArray();
        var order = new int[timestamps.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Stable: equal timestamps keep segment order.
        var keyed = new (long, int)[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            keyed[i] = (timestamps[i], i);
        }

        Array.Sort(keyed);
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = keyed[i].Item2;
        }

        return order;
    }

    public ExportedEvent Format(SegmentView segment, int row)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer, WriterOptions))
        {
            snapshot.WriteProperties(segment, row, writer);
        }

        return new ExportedEvent(
            segment.Uuids[row],
            segment.Timestamps[row],
            snapshot.EventNames[segment.EventIds[row]],
            snapshot.DistinctIds[segment.DistinctOrdinals[row]],
            Encoding.UTF8.GetString(_buffer.WrittenSpan));
    }
}
