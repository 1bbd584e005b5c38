namespace Yunying.Analytics.Query;

/// <summary>A set of person ordinals of one person map, as a bitmap (bit <c>p % 64</c> of word <c>p / 64</c>).</summary>
public sealed class PersonSet(ulong[] bits)
{
    /// <summary>The bitmap; persons beyond its end are not members.</summary>
    public ReadOnlySpan<ulong> Bits => bits;

    /// <summary>How many persons are members.</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var word in bits)
            {
                count += System.Numerics.BitOperations.PopCount(word);
            }

            return count;
        }
    }

    public bool Contains(int person)
    {
        var word = person >> 6;
        return (uint)word < (uint)bits.Length && (bits[word] & (1UL << person)) != 0;
    }
}
