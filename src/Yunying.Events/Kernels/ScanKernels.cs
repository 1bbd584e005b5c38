using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Yunying.Events.Reading;

namespace Yunying.Events.Kernels;

/// <summary>
/// Reference scan kernels over snapshot columns: they show the intended use of the layout (spans,
/// <c>Vector256</c>/<c>Vector128</c> tiers with a scalar tail, per-segment parallelism, no allocation
/// per row). Time ranges are half-open: <c>from ≤ timestamp &lt; to</c>, in microseconds.
/// </summary>
public static class ScanKernels
{
    /// <summary>Counts events per event id in the time range across a snapshot, using every core.</summary>
    /// <returns>An array indexed by event id (length <see cref="ProjectSnapshot.EventNames"/>.Count).</returns>
    public static long[] CountByEvent(ProjectSnapshot snapshot, long from, long to)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var width = snapshot.EventNames.Count;
        var total = new long[width];
        var gate = new Lock();
        Parallel.ForEach(
            snapshot.Segments,
            () => new long[width],
            (segment, _, local) =>
            {
                CountByEvent(segment, from, to, local);
                return local;
            },
            local =>
            {
                lock (gate)
                {
                    for (var i = 0; i < width; i++)
                    {
                        total[i] += local[i];
                    }
                }
            });
        return total;
    }

    /// <summary>Adds the segment's per-event-id counts in the time range to <paramref name="counts"/> (indexed by event id).</summary>
    public static void CountByEvent(SegmentView segment, long from, long to, Span<long> counts)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.RowCount == 0 || segment.MaxTimestamp < from || segment.MinTimestamp >= to)
        {
            return;
        }

        if (segment.MinTimestamp >= from && segment.MaxTimestamp < to)
        {
            // The whole segment is in range: a plain histogram, no per-row comparison.
            Histogram(segment.EventIds, counts);
            return;
        }

        CountByEvent(segment.Timestamps, segment.EventIds, from, to, counts, vectorize: true);
    }

    /// <summary>Counts rows with event id <paramref name="eventId"/> in the time range (fully vectorised).</summary>
    public static long CountEvent(ReadOnlySpan<long> timestamps, ReadOnlySpan<int> eventIds, int eventId, long from, long to) =>
        CountEvent(timestamps, eventIds, eventId, from, to, vectorize: true);

    /// <summary>
    /// Counts distinct persons with at least one event in the time range (of <paramref name="eventId"/>,
    /// or of any event when it is negative). <paramref name="distinctToPerson"/> maps distinct ordinals
    /// to person ordinals (the identity layer's override map, applied retroactively); ordinals beyond its
    /// end — distinct ids the identity layer has not seen yet — each count as their own person.
    /// </summary>
    public static long CountDistinctPersons(ProjectSnapshot snapshot, long from, long to, int eventId, ReadOnlySpan<int> distinctToPerson)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var personSpace = 0;
        foreach (var person in distinctToPerson)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(person, nameof(distinctToPerson));
            personSpace = Math.Max(personSpace, person + 1);
        }

        var unmapped = Math.Max(0, snapshot.DistinctIds.Count - distinctToPerson.Length);
        var seen = new ulong[(personSpace + unmapped + 63) >> 6];
        foreach (var segment in snapshot.Segments)
        {
            MarkPersons(segment, from, to, eventId, distinctToPerson, personSpace, seen);
        }

        long count = 0;
        foreach (var word in seen)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }

    internal static void MarkPersons(SegmentView segment, long from, long to, int eventId, ReadOnlySpan<int> map, int personSpace, Span<ulong> seen)
    {
        if (segment.RowCount == 0 || segment.MaxTimestamp < from || segment.MinTimestamp >= to)
        {
            return;
        }

        var timestamps = segment.Timestamps;
        var ordinals = segment.DistinctOrdinals;
        var events = segment.EventIds;
        var last = -1;
        for (var i = 0; i < ordinals.Length; i++)
        {
            var ordinal = ordinals[i];
            if (ordinal == last)
            {
                continue; // sorted segments: the rest of this distinct id's run adds nothing
            }

            var t = timestamps[i];
            if (t < from || t >= to || (eventId >= 0 && events[i] != eventId))
            {
                continue;
            }

            var person = ordinal < map.Length ? map[ordinal] : personSpace + (ordinal - map.Length);
            seen[person >> 6] |= 1UL << person;
            last = ordinal;
        }
    }

    internal static void CountByEvent(ReadOnlySpan<long> timestamps, ReadOnlySpan<int> eventIds, long from, long to, Span<long> counts, bool vectorize)
    {
        var n = Math.Min(timestamps.Length, eventIds.Length);
        var i = 0;
        ref var t = ref MemoryMarshal.GetReference(timestamps);
        if (vectorize && Vector256.IsHardwareAccelerated && n >= Vector256<long>.Count)
        {
            var lo = Vector256.Create(from);
            var hi = Vector256.Create(to);
            for (; i <= n - Vector256<long>.Count; i += Vector256<long>.Count)
            {
                var v = Vector256.LoadUnsafe(ref t, (nuint)i);
                var bits = (Vector256.GreaterThanOrEqual(v, lo) & Vector256.LessThan(v, hi)).ExtractMostSignificantBits();
                AddMasked(bits, Vector256<long>.Count, eventIds, i, counts);
            }
        }
        else if (vectorize && Vector128.IsHardwareAccelerated && n >= Vector128<long>.Count)
        {
            var lo = Vector128.Create(from);
            var hi = Vector128.Create(to);
            for (; i <= n - Vector128<long>.Count; i += Vector128<long>.Count)
            {
                var v = Vector128.LoadUnsafe(ref t, (nuint)i);
                var bits = (Vector128.GreaterThanOrEqual(v, lo) & Vector128.LessThan(v, hi)).ExtractMostSignificantBits();
                AddMasked(bits, Vector128<long>.Count, eventIds, i, counts);
            }
        }

        for (; i < n; i++)
        {
            var ts = timestamps[i];
            if (ts >= from && ts < to)
            {
                counts[eventIds[i]]++;
            }
        }
    }

    internal static long CountEvent(ReadOnlySpan<long> timestamps, ReadOnlySpan<int> eventIds, int eventId, long from, long to, bool vectorize)
    {
        var n = Math.Min(timestamps.Length, eventIds.Length);
        var i = 0;
        long count = 0;
        ref var t = ref MemoryMarshal.GetReference(timestamps);
        ref var e = ref MemoryMarshal.GetReference(eventIds);
        if (vectorize && Vector256.IsHardwareAccelerated && n >= Vector256<int>.Count)
        {
            var target = Vector256.Create(eventId);
            var lo = Vector256.Create(from);
            var hi = Vector256.Create(to);
            for (; i <= n - Vector256<int>.Count; i += Vector256<int>.Count)
            {
                var match = Vector256.Equals(Vector256.LoadUnsafe(ref e, (nuint)i), target).ExtractMostSignificantBits();
                if (match == 0)
                {
                    continue;
                }

                var t0 = Vector256.LoadUnsafe(ref t, (nuint)i);
                var t1 = Vector256.LoadUnsafe(ref t, (nuint)(i + 4));
                var inRange = (Vector256.GreaterThanOrEqual(t0, lo) & Vector256.LessThan(t0, hi)).ExtractMostSignificantBits()
                    | ((Vector256.GreaterThanOrEqual(t1, lo) & Vector256.LessThan(t1, hi)).ExtractMostSignificantBits() << 4);
                count += BitOperations.PopCount(match & inRange);
            }
        }
        else if (vectorize && Vector128.IsHardwareAccelerated && n >= Vector128<int>.Count)
        {
            var target = Vector128.Create(eventId);
            var lo = Vector128.Create(from);
            var hi = Vector128.Create(to);
            for (; i <= n - Vector128<int>.Count; i += Vector128<int>.Count)
            {
                var match = Vector128.Equals(Vector128.LoadUnsafe(ref e, (nuint)i), target).ExtractMostSignificantBits();
                if (match == 0)
                {
                    continue;
                }

                var t0 = Vector128.LoadUnsafe(ref t, (nuint)i);
                var t1 = Vector128.LoadUnsafe(ref t, (nuint)(i + 2));
                var inRange = (Vector128.GreaterThanOrEqual(t0, lo) & Vector128.LessThan(t0, hi)).ExtractMostSignificantBits()
                    | ((Vector128.GreaterThanOrEqual(t1, lo) & Vector128.LessThan(t1, hi)).ExtractMostSignificantBits() << 2);
                count += BitOperations.PopCount(match & inRange);
            }
        }

        for (; i < n; i++)
        {
            var ts = timestamps[i];
            if (eventIds[i] == eventId && ts >= from && ts < to)
            {
                count++;
            }
        }

        return count;
    }

    internal static void Histogram(ReadOnlySpan<int> eventIds, Span<long> counts)
    {
        // Alternating two tables halves the store-to-load stalls when the same id repeats.
        var width = counts.Length;
        var second = width <= 4096 ? stackalloc long[width] : new long[width];
        second.Clear();
        var i = 0;
        for (; i + 1 < eventIds.Length; i += 2)
        {
            counts[eventIds[i]]++;
            second[eventIds[i + 1]]++;
        }

        if (i < eventIds.Length)
        {
            counts[eventIds[i]]++;
        }

        for (var k = 0; k < width; k++)
        {
            counts[k] += second[k];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddMasked(uint bits, int lanes, ReadOnlySpan<int> eventIds, int start, Span<long> counts)
    {
        if (bits == 0)
        {
            return;
        }

        if (bits == (1u << lanes) - 1)
        {
            for (var k = 0; k < lanes; k++)
            {
                counts[eventIds[start + k]]++;
            }

            return;
        }

        while (bits != 0)
        {
            counts[eventIds[start + BitOperations.TrailingZeroCount(bits)]]++;
            bits &= bits - 1;
        }
    }
}
