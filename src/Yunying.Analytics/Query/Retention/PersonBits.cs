using System.Numerics;
using System.Runtime.CompilerServices;
using Yunying.Core.Results;

namespace Yunying.Analytics.Query.Retention;

/// <summary>
/// One row of 64-bit words per person, bit <c>b</c> meaning "active in bucket <c>b</c>": the per-person
/// activity that retention, lifecycle and stickiness count with masks and popcounts. Workers set bits from
/// many threads at once (an atomic OR, only when a bit is new); reading happens after marking is done.
/// </summary>
internal sealed class PersonBits
{
    /// <summary>Largest bitmap (in 64-bit words) one query may hold: 512 MB.</summary>
    private const long MaxWords = 64L << 20;

    private readonly ulong[] _bits;

    private PersonBits(int personSpace, int buckets, int words)
    {
        PersonSpace = personSpace;
        Buckets = buckets;
        Words = words;
        _bits = new ulong[(long)personSpace * words];
    }

    public int PersonSpace { get; }

    public int Buckets { get; }

    /// <summary>Words per person.</summary>
    public int Words { get; }

    /// <summary>Prepares <paramref name="buckets"/> bits for each of <paramref name="personSpace"/> persons.</summary>
    public static Result<PersonBits> Create(int personSpace, int buckets)
    {
        var words = Math.Max(1, (buckets + 63) >> 6);
        if ((long)personSpace * words > MaxWords)
        {
            return QueryErrors.TooLarge("Too many intervals × persons to hold in memory; choose a wider interval or a shorter range.");
        }

        return new PersonBits(personSpace, buckets, words);
    }

    /// <summary>The words of <paramref name="person"/>.</summary>
    public ReadOnlySpan<ulong> Row(int person) => _bits.AsSpan(person * Words, Words);

    /// <summary>Whether <paramref name="person"/> has bit <paramref name="bucket"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Has(int person, int bucket) => (_bits[(person * Words) + (bucket >> 6)] & (1UL << bucket)) != 0;

    /// <summary>Sets <paramref name="bits"/> in word <paramref name="word"/> of <paramref name="person"/> (thread-safe).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Or(int person, int word, ulong bits)
    {
        ref var target = ref _bits[(person * Words) + word];
        if ((Volatile.Read(ref target) & bits) != bits)
        {
            Interlocked.Or(ref target, bits);
        }
    }

    /// <summary>The set bits of <paramref name="row"/>, ascending, into <paramref name="into"/>; returns how many.</summary>
    public static int ListBuckets(ReadOnlySpan<ulong> row, Span<int> into)
    {
        var n = 0;
        for (var w = 0; w < row.Length; w++)
        {
            var bits = row[w];
            while (bits != 0)
            {
                into[n++] = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
            }
        }

        return n;
    }
}
