namespace Yunying.Analytics.Query;

/// <summary>
/// Least-significant-digit radix sort of non-negative 64-bit keys, 11 bits per pass, skipping digits every
/// key shares. Analyses pack (group, person, bucket) into one key, sort, and count distinct persons per
/// group and bucket in one walk; that stays exact and bounded by the number of rows whatever the cardinality.
/// </summary>
public static class RadixSort
{
    private const int DigitBits = 11;
    private const int Radix = 1 << DigitBits;

    /// <summary>Sorts <paramref name="keys"/> ascending, looking at the low <paramref name="bits"/> bits; <paramref name="scratch"/> is at least as long.</summary>
    public static void Sort(Span<long> keys, Span<long> scratch, int bits)
    {
        if (keys.Length < 2)
        {
            return;
        }

        if (keys.Length < 256)
        {
            keys.Sort();
            return;
        }

        scratch = scratch[..keys.Length];
        var counts = new int[Radix];
        var source = keys;
        var target = scratch;
        for (var shift = 0; shift < bits; shift += DigitBits)
        {
            Array.Clear(counts);
            foreach (var key in source)
            {
                counts[(int)((key >> shift) & (Radix - 1))]++;
            }

            if (counts[(int)((source[0] >> shift) & (Radix - 1))] == source.Length)
            {
                continue; // every key has this digit
            }

            var sum = 0;
            for (var d = 0; d < Radix; d++)
            {
                var c = counts[d];
                counts[d] = sum;
                sum += c;
            }

            foreach (var key in source)
            {
                target[counts[(int)((key >> shift) & (Radix - 1))]++] = key;
            }

            var swap = source;
            source = target;
            target = swap;
        }

        if (source != keys)
        {
            source.CopyTo(keys);
        }
    }

    /// <summary>Bits needed to hold values 0 … <paramref name="count"/>-1 (at least 1).</summary>
    public static int BitsFor(long count) => Math.Max(1, 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)Math.Max(1, count - 1)));
}
