namespace Yunying.Analytics.Explore;

/// <summary>Word access to the engine's kind bitmaps, where an empty or short span means zeros.</summary>
internal static class Bits
{
    public static ulong Word(ReadOnlySpan<ulong> bits, int word) => word < bits.Length ? bits[word] : 0;

    /// <summary>The valid-row mask of word <paramref name="word"/> in a view of <paramref name="rowCount"/> rows (bits past the end are unspecified in the tail).</summary>
    public static ulong RowMask(int word, int rowCount)
    {
        var remaining = rowCount - (word << 6);
        return remaining >= 64 ? ulong.MaxValue : (1UL << remaining) - 1;
    }

    public static int Words(int rowCount) => (rowCount + 63) >> 6;
}
