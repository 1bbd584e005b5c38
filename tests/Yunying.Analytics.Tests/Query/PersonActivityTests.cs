using Yunying.Analytics.Query;

namespace Yunying.Analytics.Tests.Query;

public sealed class PersonActivityTests
{
    [Theory]
    [InlineData(3, 31, 500, true)]
    [InlineData(2, 64, 70, true)]
    [InlineData(4, 65, 300, false)]
    [InlineData(1, 720, 2000, false)]
    public void MarkFromManyThreads_CountsAndVisits_SameAsSets(int groups, int buckets, int persons, bool masks)
    {
        var random = new Random(groups * 1000 + buckets);
        var marks = Enumerable.Range(0, 20_000)
            .Select(_ => (Group: random.Next(groups), Person: random.Next(persons), Bucket: random.Next(buckets)))
            .ToArray();
        var created = PersonActivity.Create(groups, buckets, persons);
        Assert.True(created.IsSuccess);
        var activity = created.Value;

        Parallel.ForEach(marks.Chunk(997), chunk =>
        {
            var marker = activity.CreateMarker();
            foreach (var (group, person, bucket) in chunk)
            {
                marker.Mark(group, person, bucket);
                marker.Mark(group, person, bucket);
            }
        });
        var perCell = new double[groups * buckets];
        var perGroup = new double[groups];
        activity.CountDistinct(perCell, buckets, perGroup);
        var visited = new List<(int Group, int Person, int[] Buckets)>();
        activity.VisitPersons((group, person, active) => visited.Add((group, person, active.ToArray())));

        Assert.Equal(masks, activity.UsesMasks);
        for (var g = 0; g < groups; g++)
        {
            Assert.Equal(marks.Where(m => m.Group == g).Select(m => m.Person).Distinct().Count(), perGroup[g]);
            for (var b = 0; b < buckets; b++)
            {
                Assert.Equal(marks.Count(m => m.Group == g && m.Bucket == b) == 0 ? 0 : marks.Where(m => m.Group == g && m.Bucket == b).Select(m => m.Person).Distinct().Count(), perCell[(g * buckets) + b]);
            }
        }

        var expected = marks.GroupBy(m => (m.Group, m.Person))
            .OrderBy(g => g.Key.Group).ThenBy(g => g.Key.Person)
            .Select(g => (g.Key.Group, g.Key.Person, g.Select(m => m.Bucket).Distinct().Order().ToArray()))
            .ToList();
        Assert.Equal(expected.Count, visited.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Group, visited[i].Group);
            Assert.Equal(expected[i].Person, visited[i].Person);
            Assert.Equal(expected[i].Item3, visited[i].Buckets);
        }
    }
}
