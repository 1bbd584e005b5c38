using System.Text.Json.Nodes;
using Yunying.Analytics.People;
using Yunying.Events.Reading;
using static Yunying.Analytics.Tests.People.PeopleStore;

namespace Yunying.Analytics.Tests.People;

public sealed class IdentityResolutionTests
{
    [Fact]
    public async Task Identify_MergesTheAnonymousPersonRetroactively()
    {
        await using var store = new PeopleStore();
        await store.AppendAsync(
            store.Event(0, "$pageview", "anon-1"),
            store.Event(1, "$pageview", "anon-1"),
            store.Event(2, "$identify", "user-1", """{"$anon_distinct_id":"anon-1","$identity_operation":"identify"}"""),
            store.Event(3, "purchase", "user-1"),
            store.Event(4, "$pageview", "stranger"));

        var map = await store.ResolveAsync();

        Assert.Equal(2, map.PersonCount);
        Assert.Equal(PersonOf(map, "anon-1"), PersonOf(map, "user-1"));
        Assert.NotEqual(PersonOf(map, "anon-1"), PersonOf(map, "stranger"));
        Assert.Equal(PersonResolver.PersonId(store.ProjectId, "user-1"), map.PersonIds[PersonOf(map, "anon-1")]);
    }

    [Fact]
    public async Task Identify_AppliesInEventTime_WhateverTheArrivalOrder()
    {
        await using var store = new PeopleStore();
        // The identify arrives first; the anonymous events before it in time arrive later (an offline app flushing its queue).
        await store.AppendAsync(store.Event(10, "$identify", "user-1", """{"$anon_distinct_id":"anon-1"}"""));
        await store.SealAsync();
        await store.AppendAsync(store.Event(0, "$pageview", "anon-1"), store.Event(5, "$pageview", "anon-1"));

        var map = await store.ResolveAsync();

        Assert.Equal(1, map.PersonCount);
        Assert.Equal(PersonOf(map, "anon-1"), PersonOf(map, "user-1"));
    }

    [Fact]
    public async Task Identify_NeverMergesTwoIdentifiedPeople_AndRecordsTheRefusal()
    {
        await using var store = new PeopleStore();
        await store.AppendAsync(
            store.Event(0, "$pageview", "device-a"),
            store.Event(0, "$pageview", "device-b"),
            store.Event(0, "$identify", "alice", """{"$anon_distinct_id":"device-a"}"""),
            store.Event(1, "$identify", "bob", """{"$anon_distinct_id":"device-b"}"""),
            // The shared computer: bob signs in on alice's identified id. That must not make one person of them.
            store.Event(2, "$identify", "bob", """{"$anon_distinct_id":"alice"}"""));

        var map = await store.ResolveAsync();

        Assert.Equal(2, map.PersonCount);
        Assert.Equal(PersonOf(map, "alice"), PersonOf(map, "device-a"));
        Assert.Equal(PersonOf(map, "bob"), PersonOf(map, "device-b"));
        Assert.NotEqual(PersonOf(map, "alice"), PersonOf(map, "bob"));
        var refused = Assert.Single(map.Details!.Graph.Refused);
        Assert.Equal(("bob", "alice"), (refused.DistinctId, refused.OtherId));
    }

    [Fact]
    public async Task Alias_JoinsUnlessBothAreIdentified()
    {
        await using var store = new PeopleStore();
        await store.AppendAsync(
            store.Event(0, "$pageview", "cookie-1"),
            store.Event(1, "$create_alias", "user-1", """{"alias":"cookie-1"}"""),
            store.Event(2, "$identify", "alice", """{"$anon_distinct_id":"d1"}"""),
            store.Event(3, "$identify", "bob", """{"$anon_distinct_id":"d2"}"""),
            store.Event(4, "$create_alias", "alice", """{"alias":"bob"}"""));

        var map = await store.ResolveAsync();

        Assert.Equal(PersonOf(map, "cookie-1"), PersonOf(map, "user-1"));
        Assert.NotEqual(PersonOf(map, "alice"), PersonOf(map, "bob"));
        Assert.Single(map.Details!.Graph.Refused);
    }

    [Fact]
    public async Task SensorsBindAndUnbind_JoinThenSeparateAnIdentity()
    {
        await using var store = new PeopleStore();
        await store.AppendAsync(
            store.Event(0, "$AppStart", "device-1"),
            store.Event(0, "$AppStart", "phone-138"),
            store.Event(1, "$BindID", "login-7", """{"$identity_operation":"bind","$identities":{"$identity_anonymous_id":"device-1","$identity_mobile":"phone-138"}}"""));
        var bound = await store.ResolveAsync();
        Assert.Equal(1, bound.PersonCount);
        Assert.True(bound.Details!.Graph.Identified[0]);

        await store.AppendAsync(store.Event(2, "$UnbindID", "login-7", """{"$identity_operation":"unbind","$identities":{"$identity_mobile":"phone-138"}}"""));
        var unbound = await store.ResolveAsync();

        Assert.Equal(2, unbound.PersonCount);
        Assert.Equal(PersonOf(unbound, "device-1"), PersonOf(unbound, "login-7"));
        Assert.NotEqual(PersonOf(unbound, "phone-138"), PersonOf(unbound, "login-7"));
    }

    [Fact]
    public async Task Identify_ThroughAnIdWithoutEvents_StillJoinsTheChain()
    {
        await using var store = new PeopleStore();
        await store.AppendAsync(
            store.Event(0, "$pageview", "web-1"),
            // 'ghost' never sends an event of its own; it only links two others.
            store.Event(1, "$create_alias", "web-1", """{"alias":"ghost"}"""),
            store.Event(2, "$identify", "user-9", """{"$anon_distinct_id":"ghost"}"""));

        var map = await store.ResolveAsync();

        Assert.Equal(1, map.PersonCount);
        Assert.Contains("ghost", map.Details!.Graph.ExtraIds[0]);
    }

    [Fact]
    public async Task PlaceholderAnonymousIds_NeverMerge()
    {
        await using var store = new PeopleStore();
        await store.AppendAsync(
            store.Event(0, "$identify", "alice", """{"$anon_distinct_id":"undefined"}"""),
            store.Event(1, "$identify", "bob", """{"$anon_distinct_id":"undefined"}"""));

        var map = await store.ResolveAsync();

        Assert.Equal(2, map.PersonCount);
    }

    [Fact]
    public async Task OperationsAtTheSameInstant_ApplyInArrivalOrder_AlsoAfterSealing()
    {
        // sa-sdk-node sends profile_set then profile_unset within one millisecond.
        await using var store = new PeopleStore();
        await store.AppendAsync(
            store.Event(0, "profile_set", "u", """{"$set":{"age":30,"city":"Hangzhou"}}"""),
            store.Event(0, "profile_unset", "u", """{"$unset":["age"]}"""),
            store.Event(0, "profile_set", "u", """{"$set":{"city":"Ningbo"}}"""));
        var live = await store.ResolveAsync();
        await store.SealAsync();
        var sealedMap = await store.ResolveAsync();

        foreach (var map in new[] { live, sealedMap })
        {
            Assert.Equal(PropertyValueKind.Missing, map.GetProperty("age").Kinds[0]);
            Assert.Equal("Ningbo", map.GetProperty("city").Strings[0]);
        }
    }

    [Fact]
    public async Task PersonProperties_FoldSetSetOnceIncrementAppendUnsetInEventTime()
    {
        await using var store = new PeopleStore();
        await store.AppendAsync(
            store.Event(5, "signup", "user-1", """{"$set":{"plan":"pro","email":"a@example.com"},"$set_once":{"first_channel":"zhihu"}}"""),
            store.Event(0, "$pageview", "anon-1", """{"$set_once":{"first_channel":"wechat"},"$set":{"plan":"free"}}"""),
            store.Event(1, "$identify", "user-1", """{"$anon_distinct_id":"anon-1"}"""),
            store.Event(6, "profile_increment", "user-1", """{"$increment":{"points":10}}"""),
            store.Event(7, "profile_increment", "user-1", """{"$increment":{"points":5.5}}"""),
            store.Event(8, "profile_append", "user-1", """{"$append":{"tags":["vip","early"]}}"""),
            store.Event(9, "profile_append", "user-1", """{"$append":{"tags":"beta"}}"""),
            store.Event(10, "$set", "user-1", """{"$unset":["email"]}"""));
        await store.SealAsync();
        await store.AppendAsync(store.Event(11, "$set", "user-1", """{"$set":{"vip":true}}"""));

        var map = await store.ResolveAsync();
        var person = PersonOf(map, "anon-1");

        Assert.Equal("pro", map.GetProperty("plan").Strings[person]);
        Assert.Equal("wechat", map.GetProperty("first_channel").Strings[person]);
        Assert.Equal(15.5, map.GetProperty("points").Numbers[person]);
        Assert.Equal(PropertyValueKind.Missing, map.GetProperty("email").Kinds[person]);
        Assert.Equal(PropertyValueKind.True, map.GetProperty("vip").Kinds[person]);
        Assert.Equal("""["vip","early","beta"]""", map.GetProperty("tags").Strings[person]);
        var profile = map.Details!.Profile(person);
        Assert.Equal(["first_channel", "plan", "points", "tags", "vip"], profile.Keys);
        Assert.Equal(15.5, profile["points"]!.GetValue<double>());
    }

    [Fact]
    public async Task DeleteProfile_ClearsEveryPropertySetBefore()
    {
        await using var store = new PeopleStore();
        await store.AppendAsync(
            store.Event(0, "$set", "u", """{"$set":{"a":1,"b":"x"}}"""),
            store.Event(1, "$delete", "u", """{"$identity_operation":"deleteprofile"}"""),
            store.Event(2, "$set", "u", """{"$set":{"b":"y"}}"""));

        var map = await store.ResolveAsync();

        Assert.Equal(["b"], map.Details!.Profile(0).Keys);
        Assert.Equal(PropertyValueKind.Missing, map.GetProperty("a").Kinds[0]);
    }

    [Fact]
    public async Task Groups_FromGroupIdentifyAndTheGroupsProperty()
    {
        await using var store = new PeopleStore();
        await store.AppendAsync(
            store.Event(0, "$groupidentify", "$company_acme", """{"$group_type":"company","$group_key":"acme","$group_set":{"name":"Acme","seats":40}}"""),
            store.Event(1, "$pageview", "u1", """{"$groups":{"company":"acme"}}"""),
            store.Event(2, "$pageview", "u1", """{"$groups":{"company":"acme"}}"""),
            store.Event(3, "group", "u2", """{"$identity_operation":"groupidentify","$group_type":"team","$group_key":"growth"}"""));

        var map = await store.ResolveAsync();
        var memberships = map.Details!.Extracts.SelectMany(e => e.Memberships).ToList();

        Assert.Equal(2, memberships.Count);
        Assert.Contains(memberships, m => map.Snapshot.DistinctIds[m.Distinct] == "u1" && m.Type == "company" && m.Key == "acme");
        Assert.Contains(memberships, m => map.Snapshot.DistinctIds[m.Distinct] == "u2" && m.Type == "team" && m.Key == "growth");
        var acme = map.Details.Extracts.SelectMany(e => e.Groups).First(g => g.Key == "acme");
        Assert.Equal(40, JsonNode.Parse(acme.SetJson!)!["seats"]!.GetValue<int>());
    }

    [Fact]
    public async Task RandomArrivalOrderAndSealing_GiveTheSamePeople()
    {
        // One fixed story of 300 ids with identifies, aliases and refusals, each identity change at its own
        // minute; loaded in many shuffled orders, with seals at random points, the partition into persons
        // must be the same every time.
        var random = new Random(7);
        var minutes = Enumerable.Range(0, 5000).OrderBy(_ => random.Next()).ToArray();
        var next = 0;
        var story = new List<(int Minute, string Name, string Distinct, string Json)>();
        for (var i = 0; i < 300; i++)
        {
            story.Add((random.Next(1000), "$pageview", $"anon-{i}", "{}"));
            if (random.NextDouble() < 0.5)
            {
                story.Add((minutes[next++], "$identify", $"user-{i % 120}", $$"""{"$anon_distinct_id":"anon-{{i}}"}"""));
            }

            if (random.NextDouble() < 0.1)
            {
                story.Add((minutes[next++], "$create_alias", $"user-{random.Next(120)}", $$"""{"alias":"anon-{{random.Next(300)}}"}"""));
            }
        }

        string? expected = null;
        for (var round = 0; round < 5; round++)
        {
            await using var store = new PeopleStore();
            var shuffled = story.OrderBy(_ => random.Next()).ToList();
            var records = story.Select(e => store.Event(e.Minute, e.Name, e.Distinct, e.Json)).ToList();
            var order = shuffled.Select(e => records[story.IndexOf(e)]).ToList();
            foreach (var chunk in order.Chunk(97))
            {
                await store.AppendAsync(chunk);
                if (random.NextDouble() < 0.5)
                {
                    await store.SealAsync();
                }
            }

            var map = await store.ResolveAsync();
            var partition = string.Join(';', Enumerable.Range(0, map.PersonCount)
                .Select(p => string.Join(',', map.Details!.Graph.MembersOf(p).ToArray().Select(o => map.Snapshot.DistinctIds[o]).Order(StringComparer.Ordinal)))
                .Order(StringComparer.Ordinal));
            expected ??= partition;
            Assert.Equal(expected, partition);
            Assert.True(map.PersonCount < 300 + 120, "some merges happened");
        }
    }

    [Fact]
    public async Task PersonPropertyFold_MatchesApplyingEveryOperationInTimeOrder()
    {
        var random = new Random(11);
        for (var round = 0; round < 10; round++)
        {
            await using var store = new PeopleStore();
            var minutes = Enumerable.Range(0, 2000).OrderBy(_ => random.Next()).ToArray();
            var story = new List<(int Minute, string Distinct, string Json)>();
            for (var i = 0; i < 300; i++)
            {
                var who = $"d{random.Next(30)}";
                var value = random.Next(5);
                var json = random.Next(4) switch
                {
                    0 => $$$"""{"$set":{"k":"v{{{value}}}"}}""",
                    1 => $$$"""{"$set_once":{"k":"v{{{value}}}"}}""",
                    2 => """{"$unset":["k"]}""",
                    _ => $$$"""{"$set":{"k":{{{value}}}}}""",
                };
                story.Add((minutes[i], who, json));
            }

            // Some ids merge into others.
            for (var i = 0; i < 8; i++)
            {
                story.Add((minutes[300 + i], $"d{i}", $$"""{"$anon_distinct_id":"d{{10 + i}}"}"""));
            }

            foreach (var chunk in story.Chunk(50))
            {
                await store.AppendAsync([.. chunk.Select(e => store.Event(e.Minute, e.Json.Contains("$anon") ? "$identify" : "$set", e.Distinct, e.Json))]);
                if (random.NextDouble() < 0.5)
                {
                    await store.SealAsync();
                }
            }

            var map = await store.ResolveAsync();
            var column = map.GetProperty("k");
            foreach (var group in story.Where(e => !e.Json.Contains("$anon")).GroupBy(e => PersonOf(map, e.Distinct)))
            {
                JsonNode? value = null;
                foreach (var (_, _, json) in group.OrderBy(e => e.Minute))
                {
                    var node = JsonNode.Parse(json)!.AsObject();
                    if (node["$set"] is { } set)
                    {
                        value = set["k"]!.DeepClone();
                    }
                    else if (node["$set_once"] is { } once)
                    {
                        value ??= once["k"]!.DeepClone();
                    }
                    else
                    {
                        value = null;
                    }
                }

                var person = group.Key;
                var actual = column.Kinds[person] switch
                {
                    PropertyValueKind.String => JsonValue.Create(column.Strings[person]),
                    PropertyValueKind.Number => JsonValue.Create(column.Numbers[person]),
                    _ => (JsonNode?)null,
                };
                Assert.True(JsonNode.DeepEquals(value, actual), $"round {round}, person {person}: expected {value?.ToJsonString()}, got {actual?.ToJsonString()}");
            }
        }
    }

    [Fact]
    public async Task NewIdsWithoutIdentityChanges_ExtendTheMap_SameAsAFreshFold()
    {
        await using var store = new PeopleStore();
        await store.AppendAsync(
            store.Event(0, "$pageview", "a1"),
            store.Event(1, "$identify", "u1", """{"$anon_distinct_id":"a1"}"""));
        await store.SealAsync();
        var first = await store.ResolveAsync();
        await store.AppendAsync(store.Event(2, "$pageview", "newcomer"), store.Event(3, "$pageview", "u1"));

        var extended = await store.ResolveAsync();
        var fresh = new PersonResolver().Resolve(extended.Snapshot);

        Assert.Equal(fresh.DistinctToPerson.ToArray(), extended.DistinctToPerson.ToArray());
        Assert.Equal(fresh.PersonIds, extended.PersonIds);
        Assert.Equal(first.PersonIds[0], extended.PersonIds[0]);
        Assert.Equal(2, extended.PersonCount);
    }
}
