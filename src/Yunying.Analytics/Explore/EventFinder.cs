using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Yunying.Events;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Explore;

/// <summary>
/// Lists a project's events newest first with filters. Filters are resolved to dictionary ids once, rows
/// are tested on the integer columns and bitmaps, the newest matches are kept in a bounded heap, and only
/// the rows returned are turned into JSON; whole segments outside the time window are skipped.
/// </summary>
public sealed class EventFinder(EventStore store)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<EventPage> FindAsync(Guid projectId, EventQuery query, CancellationToken cancellationToken)
    {
        var snapshot = await store.GetSnapshotAsync(projectId, cancellationToken);
        return Find(snapshot, query);
    }

    /// <summary>The page of <paramref name="query"/> in <paramref name="snapshot"/>.</summary>
    public static EventPage Find(ProjectSnapshot snapshot, EventQuery query)
    {
        var limit = Math.Clamp(query.Limit, 1, EventQuery.MaxLimit);
        if (!Filter.TryResolve(snapshot, query, out var filter))
        {
            return new EventPage([], null, null);
        }

        // One more than asked, to know whether an older page exists.
        var keep = limit + 1;
        var heap = new PriorityQueue<(int Segment, int Row), (long Timestamp, Guid Uuid)>(keep, OldestFirst.Instance);
        var segments = snapshot.Segments;
        for (var s = 0; s < segments.Count; s++)
        {
            var segment = segments[s];
            if (segment.RowCount == 0
                || (query.Before is { } before && segment.MinTimestamp > before.Timestamp)
                || (query.After is { } after && segment.MaxTimestamp < after.Timestamp)
                || (heap.Count == keep && heap.TryPeek(out _, out var oldest) && segment.MaxTimestamp < oldest.Timestamp))
            {
                continue;
            }

            Scan(segment, s, filter, query, heap, keep);
        }

        var picked = new (int Segment, int Row)[heap.Count];
        for (var i = picked.Length - 1; i >= 0; i--)
        {
            picked[i] = heap.Dequeue();
        }

        var hasMore = picked.Length > limit;
        var rows = new EventRow[Math.Min(picked.Length, limit)];
        var buffer = new ArrayBufferWriter<byte>(512);
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = Format(snapshot, segments[picked[i].Segment], picked[i].Row, buffer);
        }

        return new EventPage(rows, hasMore ? rows[^1].Cursor : null, rows.Length > 0 ? rows[0].Cursor : null);
    }

    private static void Scan(SegmentView segment, int segmentIndex, Filter filter, EventQuery query, PriorityQueue<(int, int), (long, Guid)> heap, int keep)
    {
        var timestamps = segment.Timestamps;
        var eventIds = segment.EventIds;
        var distinct = segment.DistinctOrdinals;
        var uuids = segment.Uuids;
        var column = default(PropertyColumn);
        if (filter.KeyId >= 0 && !segment.TryGetProperty(filter.KeyId, out column))
        {
            return;
        }

        var before = query.Before;
        var after = query.After;
        for (var row = 0; row < timestamps.Length; row++)
        {
            if ((filter.EventId >= 0 && eventIds[row] != filter.EventId)
                || (filter.DistinctOrdinal >= 0 && distinct[row] != filter.DistinctOrdinal)
                || (filter.Ordinals is { } ordinals && !ordinals.Contains(distinct[row])))
            {
                continue;
            }

            var ts = timestamps[row];
            if (heap.Count == keep && heap.TryPeek(out _, out var oldest) && ts < oldest.Item1)
            {
                continue;
            }

            var uuid = uuids[row];
            if ((before is { } b && !IsOlder(ts, uuid, b))
                || (after is { } a && !a.IsBefore(ts, uuid))
                || (filter.KeyId >= 0 && !filter.Matches(column, row)))
            {
                continue;
            }

            if (heap.Count < keep)
            {
                heap.Enqueue((segmentIndex, row), (ts, uuid));
            }
            else if (OldestFirst.Instance.Compare((ts, uuid), PeekPriority(heap)) > 0)
            {
                heap.DequeueEnqueue((segmentIndex, row), (ts, uuid));
            }
        }
    }

    private static (long, Guid) PeekPriority(PriorityQueue<(int, int), (long, Guid)> heap)
    {
        heap.TryPeek(out _, out var priority);
        return priority;
    }

    /// <summary>Whether (<paramref name="ts"/>, <paramref name="uuid"/>) is strictly older than <paramref name="cursor"/>.</summary>
    private static bool IsOlder(long ts, Guid uuid, EventCursor cursor) => ts < cursor.Timestamp || (ts == cursor.Timestamp && uuid.CompareTo(cursor.Uuid) < 0);

    private static EventRow Format(ProjectSnapshot snapshot, SegmentView segment, int row, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            snapshot.WriteProperties(segment, row, writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var ts = segment.Timestamps[row];
        var uuid = segment.Uuids[row];
        return new EventRow(
            EventRecord.FromMicros(ts),
            ts,
            uuid,
            snapshot.EventNames[segment.EventIds[row]],
            snapshot.DistinctIds[segment.DistinctOrdinals[row]],
            document.RootElement.Clone(),
            new EventCursor(ts, uuid).ToString());
    }

    /// <summary>A min-heap order on (timestamp, uuid): the root is the oldest event kept.</summary>
    private sealed class OldestFirst : IComparer<(long Timestamp, Guid Uuid)>
    {
        public static readonly OldestFirst Instance = new();

        public int Compare((long Timestamp, Guid Uuid) x, (long Timestamp, Guid Uuid) y)
        {
            var byTime = x.Timestamp.CompareTo(y.Timestamp);
            return byTime != 0 ? byTime : x.Uuid.CompareTo(y.Uuid);
        }
    }

    /// <summary>The query's filters as dictionary ids (-1 = no filter).</summary>
    private readonly record struct Filter(int EventId, int DistinctOrdinal, int KeyId, int ValueId, double? Number, bool? Boolean, bool IsNull, bool AnyValue)
    {
        /// <summary>Distinct ordinals of <see cref="EventQuery.DistinctIds"/>, when given.</summary>
        public HashSet<int>? Ordinals { get; init; }

        /// <summary>False when a filter names something the project has never seen: nothing can match.</summary>
        public static bool TryResolve(ProjectSnapshot snapshot, EventQuery query, out Filter filter)
        {
            filter = default;
            var eventId = -1;
            var distinctOrdinal = -1;
            var keyId = -1;
            if ((!string.IsNullOrEmpty(query.Event) && !snapshot.EventNames.TryGetId(query.Event, out eventId))
                || (!string.IsNullOrEmpty(query.DistinctId) && !snapshot.DistinctIds.TryGetId(query.DistinctId, out distinctOrdinal))
                || (!string.IsNullOrEmpty(query.PropertyKey) && !snapshot.PropertyKeys.TryGetId(query.PropertyKey, out keyId)))
            {
                return false;
            }

            var value = query.PropertyValue;
            var valueId = -1;
            if (value is not null && !snapshot.PropertyValues.TryGetId(value, out valueId))
            {
                valueId = -1;
            }

            double? number = value is not null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            bool? boolean = value switch { "true" => true, "false" => false, _ => null };
            HashSet<int>? ordinals = null;
            if (query.DistinctIds is { } ids)
            {
                ordinals = [];
                foreach (var id in ids)
                {
                    if (snapshot.DistinctIds.TryGetId(id, out var ordinal))
                    {
                        ordinals.Add(ordinal);
                    }
                }

                if (ordinals.Count == 0)
                {
                    return false;
                }
            }

            filter = new Filter(
                string.IsNullOrEmpty(query.Event) ? -1 : eventId,
                string.IsNullOrEmpty(query.DistinctId) ? -1 : distinctOrdinal,
                string.IsNullOrEmpty(query.PropertyKey) ? -1 : keyId,
                valueId,
                number,
                boolean,
                value == "null",
                value is null)
            { Ordinals = ordinals };
            return true;
        }

        public bool Matches(PropertyColumn column, int row)
        {
            var kind = column.KindAt(row);
            return kind switch
            {
                PropertyValueKind.Missing => false,
                _ when AnyValue => true,
                PropertyValueKind.String => ValueId >= 0 && column.StringIds[row] == ValueId,
                PropertyValueKind.Number => Number is { } n && column.Numbers[row] == n,
                PropertyValueKind.True => Boolean == true,
                PropertyValueKind.False => Boolean == false,
                PropertyValueKind.Null => IsNull,
                _ => false,
            };
        }
    }
}
