using System.Text.Json;
using Yunying.Analytics.Cohorts;
using Yunying.Analytics.Query;
using Yunying.Analytics.Tests.Query;
using Yunying.Analytics.Tests.Query.Retention;
using Yunying.Core.Results;

namespace Yunying.Analytics.Tests.Cohorts;

/// <summary>The engine's cohort rules against <see cref="CohortReference"/> over many generated datasets and rules.</summary>
public sealed class CohortRandomizedTests : RandomizedStoreTests
{
    private const int SeedCount = 40;
    private const int RulesPerSeed = 12;

    public static TheoryData<int> Seeds() => SeedsUpTo(SeedCount);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Rule_RandomDatasetAndRules_SameAsReference(int seed)
    {
        var ct = TestContext.Current.CancellationToken;
        var (data, now, rules) = Case(seed);
        var context = await data.LoadAsync(Store, Guid.NewGuid(), new Random(seed * 7919), now, ct);

        for (var r = 0; r < rules.Count; r++)
        {
            var because = $"seed {seed}, rule {r}: {JsonSerializer.Serialize(rules[r], QueryJson.Options)}";
            var engine = new CohortEvaluator(context, (id, _) => Error.NotFound("cohort.not_found", id.ToString()), 0).Evaluate(rules[r]);
            Assert.True(engine.IsSuccess, $"{because}: {engine.Error?.Message}");
            var actual = Keys(data, context, engine.Value);
            var expected = CohortReference.Run(data, rules[r], now);
            Assert.True(expected.SetEquals(actual), $"{because}\nexpected {string.Join(",", expected.Order(StringComparer.Ordinal))}\nactual   {string.Join(",", actual.Order(StringComparer.Ordinal))}");
        }
    }

    [Fact]
    public void RandomCases_CoverWhatTheComparisonNeeds()
    {
        var answers = new List<(CohortRule Rule, int Members, int Everyone)>();
        for (var seed = 1; seed <= SeedCount; seed++)
        {
            var (data, now, rules) = Case(seed);
            var everyone = data.Events.Select(e => data.PersonOf[e.DistinctId]).Distinct().Count();
            answers.AddRange(rules.Select(r => (r, CohortReference.Run(data, r, now).Count, everyone)));
        }

        Assert.True(answers.Count(a => a.Members > 0 && a.Members < a.Everyone) > answers.Count / 3, "rules that split the persons");
        Assert.True(answers.Count(a => a.Rule is SequenceRule && a.Members > 0) > 10, "sequences that match");
        Assert.True(answers.Count(a => a.Rule is SequenceRule s && s.First == s.Then && a.Members > 0) > 3, "A then A");
        Assert.True(answers.Count(a => a.Rule is LifecycleRule && a.Members > 0) > 15, "lifecycle states that match");
        Assert.True(answers.Count(a => a.Rule is PerformedRule { AtMost: 0 } && a.Members > 0) > 3, "did not");
        Assert.True(answers.Count(a => a.Rule is NotRule or AllOfRule or AnyOfRule && a.Members > 0) > 20, "combinations");
    }

    private static HashSet<string> Keys(PlainDataset data, QueryContext context, PersonSet set)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in data.Events.Select(e => e.DistinctId).Distinct())
        {
            Assert.True(context.Snapshot.DistinctIds.TryGetId(id, out var ordinal));
            if (set.Contains(context.PersonOf(ordinal)))
            {
                keys.Add(data.PersonOf[id]);
            }
        }

        return keys;
    }

    private static (PlainDataset Data, long Now, List<CohortRule> Rules) Case(int seed)
    {
        var random = new Random(seed);
        var (data, now) = RandomParts.Dataset(seed, random);
        var rules = Enumerable.Range(0, RulesPerSeed).Select(_ => Rule(random, depth: 0)).ToList();
        return (data, now, rules);
    }

    private static CohortRule Rule(Random random, int depth)
    {
        var roll = random.Next(depth < 2 ? 9 : 6);
        switch (roll)
        {
            case 0:
            case 1:
                var atLeast = random.Next(0, 4);
                int? atMost = random.Next(4) switch { 0 => atLeast + random.Next(0, 3), 1 when atLeast == 0 => 0, _ => null };
                return new PerformedRule(RandomParts.Event(random), random.Next(1, 40), atLeast, atMost, RandomParts.Filters(random, random.NextDouble() < 0.6 ? 0 : random.Next(1, 3)));
            case 2:
                var first = RandomParts.Pick(random, "view", "signup", "buy", "share");
                var then = random.NextDouble() < 0.3 ? first : RandomParts.Pick(random, "view", "signup", "buy", "share");
                return new SequenceRule(first, then, random.Next(1, 6), random.Next(1, 40));
            case 3:
                var filter = RandomParts.Filters(random, 1)[0];
                return new PersonPropertyRule(filter.Key, filter.Operator, filter.Value);
            case 4:
            case 5:
                return new LifecycleRule(RandomParts.Pick(random, "new", "returning", "resurrecting", "dormant"), RandomParts.Pick(random, "day", "week", "month"));
            case 6:
                return new NotRule(Rule(random, depth + 1));
            case 7:
                return new AllOfRule([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => Rule(random, depth + 1))]);
            default:
                return new AnyOfRule([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => Rule(random, depth + 1))]);
        }
    }
}
