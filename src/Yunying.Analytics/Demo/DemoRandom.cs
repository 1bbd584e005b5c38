using System.Runtime.CompilerServices;

namespace Yunying.Analytics.Demo;

/// <summary>
/// SplitMix64: tiny, fast and good enough for demo data. One stream per (seed, user, purpose), so users can
/// be generated in any order or in parallel and still come out identical.
/// </summary>
internal struct DemoRandom(ulong state)
{
    private ulong _state = state;

    public static DemoRandom For(int seed, int user, int stream)
    {
        var mixed = new DemoRandom(((ulong)(uint)seed << 32) ^ (uint)user ^ ((ulong)stream << 61));
        mixed.NextUInt64();
        return new DemoRandom(mixed.NextUInt64() ^ (ulong)(uint)user);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, max).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int max) => (int)((NextUInt64() >> 33) * (ulong)max >> 31);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>A geometric count with the given mean (0 when the mean is not positive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Geometric(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        var p = 1.0 / (1.0 + mean);
        return (int)Math.Floor(Math.Log(1.0 - NextDouble()) / Math.Log(1.0 - p));
    }

    /// <summary>An index drawn with the given cumulative weights (last entry is the total).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Pick(ReadOnlySpan<double> cumulative)
    {
        var x = NextDouble() * cumulative[^1];
        for (var i = 0; i < cumulative.Length; i++)
        {
            if (x < cumulative[i])
            {
                return i;
            }
        }

        return cumulative.Length - 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, NextUInt64());
        BitConverter.TryWriteBytes(bytes[8..], NextUInt64());
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid's little-endian layout)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
