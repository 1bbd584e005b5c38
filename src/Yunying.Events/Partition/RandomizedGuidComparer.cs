using System.Runtime.InteropServices;

namespace Yunying.Events.Partition;

/// <summary>
/// Guid equality with a hash seeded per process. <see cref="Guid.GetHashCode"/> XORs the four ints of a
/// guid, so uuids that differ only in a counter and a batch index (or that a client crafts on purpose)
/// collide in bulk and turn a dictionary of recent uuids quadratic; <see cref="HashCode"/> is randomised
/// at start-up, so neither accident nor intent can line keys up. The four ints go in separately:
/// combining two longs would fold each long's halves with XOR first and bring the collisions back.
/// </summary>
internal sealed class RandomizedGuidComparer : IEqualityComparer<Guid>
{
    public static RandomizedGuidComparer Instance { get; } = new();

    public bool Equals(Guid x, Guid y) => x == y;

    public int GetHashCode(Guid obj)
    {
        var parts = MemoryMarshal.Cast<Guid, int>(MemoryMarshal.CreateReadOnlySpan(ref obj, 1));
        return HashCode.Combine(parts[0], parts[1], parts[2], parts[3]);
    }
}
