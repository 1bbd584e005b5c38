using Yunying.Events.Partition;

namespace Yunying.Events.Tests;

public sealed class RandomizedGuidComparerTests
{
    [Fact]
    public void GetHashCode_UuidsFromACounterAndABatchIndex_HashesAlmostAllDistinct()
    {
        // Uuids like these made Guid.GetHashCode (an XOR of the four ints) collide in bulk: 200k uuids
        // fell into a few thousand hash values, and remembering recent uuids became quadratic.
        var uuids = new List<Guid>();
        for (var batch = 0; batch < 200; batch++)
        {
            for (var i = 0; i < 1000; i++)
            {
                uuids.Add(new Guid(batch, (short)i, 0x7000, 1, 2, 3, 4, 5, 6, 7, 8));
            }
        }

        var distinct = uuids.Select(RandomizedGuidComparer.Instance.GetHashCode).Distinct().Count();

        Assert.True(distinct > uuids.Count * 99 / 100, $"{distinct} distinct hashes for {uuids.Count} uuids");
    }

    [Fact]
    public void Equals_SameAndDifferentUuids_ComparesByValue()
    {
        var a = Guid.NewGuid();

        Assert.True(RandomizedGuidComparer.Instance.Equals(a, new Guid(a.ToByteArray())));
        Assert.False(RandomizedGuidComparer.Instance.Equals(a, Guid.NewGuid()));
    }
}
