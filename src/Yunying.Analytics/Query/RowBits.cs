using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Yunying.Analytics.Query;

/// <summary>
/// Row bitmaps over one segment view (bit <c>r % 64</c> of word <c>r / 64</c> is row <c>r</c>) and the
/// word-at-a-time kernels that build them: <c>Vector256</c> when the machine has it, a scalar loop otherwise.
/// </summary>
public static class RowBits
{
    /// <summary>Words needed for <paramref name="rowCount"/> rows.</summary>
    public static int Words(int rowCount) => (rowCount + 63) >> 6;

    /// <summary>The engine's bitmap word, where an empty or short span means zeros.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Word(ReadOnlySpan<ulong> bits, int word) => (uint)word < (uint)bits.Length ? bits[word] : 0;

    /// <summary>The valid-row mask of word <paramref name="word"/> in a view of <paramref name="rowCount"/> rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong RowMask(int word, int rowCount)
    {
        var remaining = rowCount - (word << 6);
        return remaining >= 64 ? ulong.MaxValue : remaining <= 0 ? 0 : (1UL << remaining) - 1;
    }

    /// <summary>Number of set bits.</summary>
    public static long Count(ReadOnlySpan<ulong> rows)
    {
        long count = 0;
        foreach (var word in rows)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }

    /// <summary>Bits of rows <c>start … start+count-1</c> (count ≤ 64) whose event id is <paramref name="eventId"/>.</summary>
    public static ulong EqualWord(ReadOnlySpan<int> values, int start, int count, int eventId)
    {
        ulong word = 0;
        var k = 0;
        if (Vector256.IsHardwareAccelerated && count == 64)
        {
            ref var first = ref MemoryMarshal.GetReference(values);
            var target = Vector256.Create(eventId);
            for (; k < 64; k += 8)
            {
                var lanes = Vector256.Equals(Vector256.LoadUnsafe(ref first, (nuint)(start + k)), target).ExtractMostSignificantBits();
                word |= (ulong)lanes << k;
            }

            return word;
        }

        for (; k < count; k++)
        {
            if (values[start + k] == eventId)
            {
                word |= 1UL << k;
            }
        }

        return word;
    }

    /// <summary>Bits of rows <c>start … start+count-1</c> (count ≤ 64) with <c>from ≤ timestamp &lt; to</c>.</summary>
    public static ulong RangeWord(ReadOnlySpan<long> timestamps, int start, int count, long from, long to)
    {
        ulong word = 0;
        var k = 0;
        if (Vector256.IsHardwareAccelerated && count == 64)
        {
            ref var first = ref MemoryMarshal.GetReference(timestamps);
            var lo = Vector256.Create(from);
            var hi = Vector256.Create(to);
            for (; k < 64; k += 4)
            {
                var v = Vector256.LoadUnsafe(ref first, (nuint)(start + k));
                var lanes = (Vector256.GreaterThanOrEqual(v, lo) & Vector256.LessThan(v, hi)).ExtractMostSignificantBits();
                word |= (ulong)lanes << k;
            }

            return word;
        }

        for (; k < count; k++)
        {
            var t = timestamps[start + k];
            if (t >= from && t < to)
            {
                word |= 1UL << k;
            }
        }

        return word;
    }
}
