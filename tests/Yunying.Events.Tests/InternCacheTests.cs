using System.Text;
using Yunying.Events.Partition;

namespace Yunying.Events.Tests;

public sealed class InternCacheTests
{
    [Fact]
    public void GetOrAdd_ManyStringsThroughFewSlots_AlwaysTheDictionarysId()
    {
        var random = new Random(3);
        var cache = new InternCache(slots: 4);
        var table = new StringTable();
        var values = Enumerable.Range(0, 40).Select(i => i % 10 == 0 ? new string('x', 60 + i) : $"v{i}/{(char)('a' + (i % 26))}").Append(string.Empty).ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            var value = values[random.Next(values.Length)];
            var id = cache.GetOrAdd(Encoding.UTF8.GetBytes(value), table);

            Assert.Equal(value, table[id]);
        }

        Assert.Equal(values.Length, table.Count);
    }

    [Fact]
    public void TryGet_AfterAnotherStringTookTheSlot_Misses()
    {
        var cache = new InternCache(slots: 1);
        cache.Set("first"u8, 1);
        cache.Set("second"u8, 2);

        Assert.False(cache.TryGet("first"u8, out _));
        Assert.True(cache.TryGet("second"u8, out var id));
        Assert.Equal(2, id);
        Assert.False(cache.TryGet("secone"u8, out _));
    }
}
