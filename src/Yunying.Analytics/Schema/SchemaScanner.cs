using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Yunying.Analytics.Explore;
using Yunying.Events;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Schema;

/// <summary>
/// Computes schema discovery from a snapshot in single passes over the columns: counts come from
/// bitmap words and <see cref="BitOperations.PopCount(ulong)"/>, only rows that carry a key are
/// visited, and strings are classified once per value id (the dictionary, not the row). Event and key
/// counts are kept per sealed segment, so after new events only the in-memory tail is read again.
/// </summary>
internal static class SchemaScanner
{
    public const int MaxSamples = 5;

    // Classes of value-dictionary entries, filled lazily: 0 unknown.
    private const byte PlainString = 1;
    private const byte DateTimeString = 2;
    private const byte ArrayJson = 3;
    private const byte ObjectJson = 4;

    public static IReadOnlyList<EventSchema> Events(ProjectSnapshot snapshot)
    {
        var names = snapshot.EventNames.Count;
        var counts = new long[names];
        var first = new long[names];
        var last = new long[names];
        Array.Fill(first, long.MaxValue);
        Array.Fill(last, long.MinValue);
        foreach (var stats in PerSegment(snapshot, SegmentEvents, EventStats.Scan))
        {
            for (var id = 0; id < stats.Counts.Length; id++)
            {
                counts[id] += stats.Counts[id];
                first[id] = Math.Min(first[id], stats.First[id]);
                last[id] = Math.Max(last[id], stats.Last[id]);
            }
        }

        var result = new List<EventSchema>();
        for (var id = 0; id < names; id++)
        {
            if (counts[id] > 0)
            {
                result.Add(new EventSchema(snapshot.EventNames[id], counts[id], EventRecord.FromMicros(first[id]), EventRecord.FromMicros(last[id])));
            }
        }

        result.Sort((a, b) => b.Count != a.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    /// <summary>Property keys of the events named <paramref name="eventName"/> (all events when null); empty for an unknown name.</summary>
    public static IReadOnlyList<PropertySchema> Properties(ProjectSnapshot snapshot, string? eventName)
    {
        var eventId = -1;
        if (eventName is not null && !snapshot.EventNames.TryGetId(eventName, out eventId))
        {
            return [];
        }

        var keys = snapshot.PropertyKeys.Count;
        var tallies = new KeyTally?[keys];
        var classes = new byte[snapshot.PropertyValues.Count];
        foreach (var segment in snapshot.Segments)
        {
            var mask = eventId < 0 ? null : EventMask(segment, eventId);
            if (mask is { Length: 0 })
            {
                continue;
            }

            var timestamps = segment.Timestamps;
            foreach (var keyId in segment.PropertyKeyIds)
            {
                if (!segment.TryGetProperty(keyId, out var column))
                {
                    continue;
                }

                var tally = tallies[keyId] ??= new KeyTally();
                Scan(snapshot, column, mask, timestamps, classes, tally);
            }
        }

        var result = new List<PropertySchema>();
        for (var keyId = 0; keyId < keys; keyId++)
        {
            if (tallies[keyId] is { Count: > 0 } t)
            {
                result.Add(t.ToSchema(snapshot, snapshot.PropertyKeys[keyId]));
            }
        }

        result.Sort((a, b) => b.Count != a.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Key, b.Key));
        return result;
    }

    /// <summary>
    /// Every property key with the number of events that carry it, most frequent first: only the kind bitmaps
    /// are counted (no row, value or timestamp is visited), so suggesting keys stays cheap on a snapshot that
    /// changes with every event.
    /// </summary>
    public static IReadOnlyList<(string Key, long Count)> PropertyKeys(ProjectSnapshot snapshot)
    {
        var counts = new long[snapshot.PropertyKeys.Count];
        foreach (var segmentCounts in PerSegment(snapshot, SegmentKeys, KeyCounts))
        {
            for (var keyId = 0; keyId < segmentCounts.Length; keyId++)
            {
                counts[keyId] += segmentCounts[keyId];
            }
        }

        var result = new List<(string Key, long Count)>();
        for (var keyId = 0; keyId < counts.Length; keyId++)
        {
            if (counts[keyId] > 0)
            {
                result.Add((snapshot.PropertyKeys[keyId], counts[keyId]));
            }
        }

        result.Sort((a, b) => b.Count != a.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Key, b.Key));
        return result;
    }

    /// <summary>
    /// <paramref name="scan"/> of every view of the snapshot, in parallel. A sealed segment never changes, so its
    /// figures are kept for as long as it lives: a snapshot after new events reads only its in-memory tail.
    /// </summary>
    private static T[] PerSegment<T>(ProjectSnapshot snapshot, ConditionalWeakTable<SegmentView, T> kept, Func<SegmentView, T> scan)
        where T : class
    {
        var segments = snapshot.Segments;
        var results = new T[segments.Count];
        Parallel.For(0, segments.Count, i => results[i] = segments[i].IsSealed ? kept.GetValue(segments[i], v => scan(v)) : scan(segments[i]));
        return results;
    }

    /// <summary>Rows per property key id in one view (indexed by key id, as long as its largest id needs).</summary>
    private static long[] KeyCounts(SegmentView segment)
    {
        var keyIds = segment.PropertyKeyIds;
        var max = -1;
        foreach (var keyId in keyIds)
        {
            max = Math.Max(max, keyId);
        }

        var counts = new long[max + 1];
        foreach (var keyId in keyIds)
        {
            if (segment.TryGetProperty(keyId, out var column))
            {
                counts[keyId] += CountRows(column);
            }
        }

        return counts;
    }

    private static long CountRows(PropertyColumn column)
    {
        long count = 0;
        var words = Bits.Words(column.RowCount);
        for (var w = 0; w < words; w++)
        {
            var any = Bits.Word(column.StringBits, w) | Bits.Word(column.NumberBits, w) | Bits.Word(column.TrueBits, w)
                | Bits.Word(column.FalseBits, w) | Bits.Word(column.NullBits, w) | Bits.Word(column.JsonBits, w);
            count += BitOperations.PopCount(any & Bits.RowMask(w, column.RowCount));
        }

        return count;
    }

    /// <summary>Rows of <paramref name="eventId"/> as a bitmap; empty when the segment has none.</summary>
    private static ulong[] EventMask(SegmentView segment, int eventId)
    {
        var ids = segment.EventIds;
        var mask = new ulong[Bits.Words(ids.Length)];
        var any = false;
        for (var row = 0; row < ids.Length; row++)
        {
            if (ids[row] == eventId)
            {
                mask[row >> 6] |= 1UL << row;
                any = true;
            }
        }

        return any ? mask : [];
    }

    private static void Scan(ProjectSnapshot snapshot, PropertyColumn column, ulong[]? mask, ReadOnlySpan<long> timestamps, byte[] classes, KeyTally tally)
    {
        var words = Bits.Words(column.RowCount);
        for (var w = 0; w < words; w++)
        {
            var m = (mask is null ? ulong.MaxValue : mask[w]) & Bits.RowMask(w, column.RowCount);
            var s = Bits.Word(column.StringBits, w) & m;
            var n = Bits.Word(column.NumberBits, w) & m;
            var t = Bits.Word(column.TrueBits, w) & m;
            var f = Bits.Word(column.FalseBits, w) & m;
            var z = Bits.Word(column.NullBits, w) & m;
            var j = Bits.Word(column.JsonBits, w) & m;
            var any = s | n | t | f | z | j;
            if (any == 0)
            {
                continue;
            }

            tally.Count += BitOperations.PopCount(any);
            tally.Numbers += BitOperations.PopCount(n);
            tally.Booleans += BitOperations.PopCount(t | f);
            tally.Nulls += BitOperations.PopCount(z);
            var baseRow = w << 6;
            for (var rest = any; rest != 0; rest &= rest - 1)
            {
                var ts = timestamps[baseRow + BitOperations.TrailingZeroCount(rest)];
                tally.First = Math.Min(tally.First, ts);
                tally.Last = Math.Max(tally.Last, ts);
            }

            for (var rest = s | j; rest != 0; rest &= rest - 1)
            {
                var row = baseRow + BitOperations.TrailingZeroCount(rest);
                var valueId = column.StringIds[row];
                byte kind;
                if ((s & (rest & ~(rest - 1))) != 0)
                {
                    // Strings and nested JSON text share the value dictionary, so only strings are cached by id.
                    kind = classes[valueId];
                    if (kind == 0)
                    {
                        kind = classes[valueId] = LooksLikeIsoDateTime(snapshot.PropertyValues[valueId]) ? DateTimeString : PlainString;
                    }
                }
                else
                {
                    kind = snapshot.PropertyValues[valueId].AsSpan().TrimStart().StartsWith('[') ? ArrayJson : ObjectJson;
                }

                switch (kind)
                {
                    case PlainString: tally.Strings++; break;
                    case DateTimeString: tally.DateTimes++; break;
                    case ArrayJson: tally.Arrays++; break;
                    default: tally.Objects++; break;
                }

                tally.Offer(new Sample(kind is PlainString or DateTimeString ? PropertyValueKind.String : PropertyValueKind.Json, valueId));
            }

            if (tally.Samples.Count < MaxSamples)
            {
                for (var rest = n; rest != 0 && tally.Samples.Count < MaxSamples; rest &= rest - 1)
                {
                    var row = baseRow + BitOperations.TrailingZeroCount(rest);
                    tally.Offer(new Sample(PropertyValueKind.Number, BitConverter.DoubleToInt64Bits(column.Numbers[row])));
                }

                if (t != 0)
                {
                    tally.Offer(new Sample(PropertyValueKind.True, 0));
                }

                if (f != 0)
                {
                    tally.Offer(new Sample(PropertyValueKind.False, 0));
                }

                if (z != 0)
                {
                    tally.Offer(new Sample(PropertyValueKind.Null, 0));
                }
            }
        }
    }

    /// <summary>ISO-8601 date or date-time: <c>yyyy-MM-dd</c>, optionally followed by <c>T</c>/space and a time.</summary>
    internal static bool LooksLikeIsoDateTime(string value)
    {
        if (value.Length < 10 || value.Length > 40 || value[4] != '-' || value[7] != '-'
            || !char.IsAsciiDigit(value[0]) || !char.IsAsciiDigit(value[5]) || !char.IsAsciiDigit(value[8]))
        {
            return false;
        }

        if (value.Length > 10 && value[10] is not ('T' or 't' or ' '))
        {
            return false;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
    }

    internal readonly record struct Sample(PropertyValueKind Kind, long Value)
    {
        public object? ToValue(ProjectSnapshot snapshot) => Kind switch
        {
            PropertyValueKind.String => snapshot.PropertyValues[(int)Value],
            PropertyValueKind.Number => BitConverter.Int64BitsToDouble(Value),
            PropertyValueKind.True => true,
            PropertyValueKind.False => false,
            PropertyValueKind.Json => JsonElement.Parse(snapshot.PropertyValues[(int)Value]),
            _ => null,
        };
    }

    private sealed class KeyTally
    {
        public long Count;
        public long Strings;
        public long DateTimes;
        public long Numbers;
        public long Booleans;
        public long Arrays;
        public long Objects;
        public long Nulls;
        public long First = long.MaxValue;
        public long Last = long.MinValue;
        public readonly List<Sample> Samples = new(MaxSamples);

        public void Offer(Sample sample)
        {
            if (Samples.Count < MaxSamples && !Samples.Contains(sample))
            {
                Samples.Add(sample);
            }
        }

        public PropertySchema ToSchema(ProjectSnapshot snapshot, string key)
        {
            var types = new Dictionary<string, long>();
            Add(types, PropertyType.String, Strings);
            Add(types, PropertyType.DateTime, DateTimes);
            Add(types, PropertyType.Number, Numbers);
            Add(types, PropertyType.Boolean, Booleans);
            Add(types, PropertyType.Array, Arrays);
            Add(types, PropertyType.Object, Objects);
            Add(types, PropertyType.Null, Nulls);
            return new PropertySchema(
                key,
                types,
                Samples.Select(s => s.ToValue(snapshot)).ToArray(),
                Count,
                EventRecord.FromMicros(First),
                EventRecord.FromMicros(Last));
        }

        private static void Add(Dictionary<string, long> types, string name, long count)
        {
            if (count > 0)
            {
                types[name] = count;
            }
        }
    }

    private static readonly ConditionalWeakTable<SegmentView, EventStats> SegmentEvents = [];
    private static readonly ConditionalWeakTable<SegmentView, long[]> SegmentKeys = [];

    /// <summary>One view's rows, first and last time per event id (indexed by event id, as long as its largest id needs).</summary>
    private sealed record EventStats(long[] Counts, long[] First, long[] Last)
    {
        public static EventStats Scan(SegmentView segment)
        {
            var ids = segment.EventIds;
            var timestamps = segment.Timestamps;
            var max = -1;
            foreach (var id in ids)
            {
                max = Math.Max(max, id);
            }

            var stats = new EventStats(new long[max + 1], new long[max + 1], new long[max + 1]);
            Array.Fill(stats.First, long.MaxValue);
            Array.Fill(stats.Last, long.MinValue);
            for (var row = 0; row < ids.Length; row++)
            {
                var id = ids[row];
                var ts = timestamps[row];
                stats.Counts[id]++;
                if (ts < stats.First[id])
                {
                    stats.First[id] = ts;
                }

                if (ts > stats.Last[id])
                {
                    stats.Last[id] = ts;
                }
            }

            return stats;
        }
    }
}
