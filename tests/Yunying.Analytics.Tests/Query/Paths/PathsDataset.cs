namespace Yunying.Analytics.Tests.Query.Paths;

/// <summary>
/// Random datasets shaped for paths: people (anonymous ids merged into users, users aliased to each other)
/// who come in sessions of quick steps, with page views named by <c>$pathname</c> (trailing-slash twins,
/// missing, null and numeric values), repeats, events sharing an instant, and gaps right at the session
/// gaps the queries use (1, 5, 30 and 60 minutes).
/// </summary>
public static class PathsDataset
{
    public static readonly string[] Pages = ["/", "/home", "/home/", "/pricing", "/a", "/a//", "/docs"];

    public static readonly string[] Events = ["$pageview", "$pageview", "$pageview", "signup", "buy", "share", "$identify", "view", "/home"];

    private static readonly long[] BoundaryGaps = [60, 5 * 60, 30 * 60, 60 * 60];

    public static PlainDataset Generate(int seed, string timeZone, DateOnly middle, int days)
    {
        var random = new Random(seed);
        var users = random.Next(2, 25);
        var anonymous = random.Next(0, 25);
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string id)
        {
            while (parent[id] != id)
            {
                id = parent[id];
            }

            return id;
        }

        var ids = Enumerable.Range(0, users).Select(i => $"user{i}").Concat(Enumerable.Range(0, anonymous).Select(i => $"anon{i}")).ToList();
        foreach (var id in ids)
        {
            parent[id] = id;
        }

        foreach (var id in ids.Where(i => i.StartsWith("anon", StringComparison.Ordinal)))
        {
            if (random.NextDouble() < 0.6)
            {
                parent[Find(id)] = Find($"user{random.Next(users)}");
            }
        }

        for (var k = random.Next(0, 3); k > 0; k--)
        {
            var a = Find($"user{random.Next(users)}");
            var b = Find($"user{random.Next(users)}");
            if (a != b)
            {
                parent[a] = b;
            }
        }

        var personOf = ids.ToDictionary(id => id, Find, StringComparer.Ordinal);
        var personProperties = personOf.Values.Distinct().ToDictionary(
            p => p,
            _ => random.Next(3) switch
            {
                0 => new Dictionary<string, object?>(StringComparer.Ordinal),
                1 => new Dictionary<string, object?>(StringComparer.Ordinal) { ["tier"] = "gold" },
                _ => new Dictionary<string, object?>(StringComparer.Ordinal) { ["tier"] = "silver" },
            },
            StringComparer.Ordinal);

        var start = PlainDataset.Micros(new DateTimeOffset(middle.AddDays(-(days / 2) - 2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var span = (days + 4) * 86_400L;
        var events = new List<PlainEvent>();
        var sessions = random.NextDouble() < 0.05 ? 0 : random.Next(5, 80);
        for (var s = 0; s < sessions; s++)
        {
            // A session of one person, possibly switching between their distinct ids.
            var person = ids[random.Next(ids.Count)];
            var personIds = ids.Where(i => personOf[i] == personOf[person]).ToList();
            var time = start + (random.NextInt64(span) * 1_000_000) + random.Next(1000);
            var steps = random.Next(1, 25);
            for (var k = 0; k < steps; k++)
            {
                var name = Events[random.Next(Events.Length)];
                var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
                if (name == "$pageview")
                {
                    var page = random.NextDouble();
                    if (page < 0.8)
                    {
                        properties["$pathname"] = Pages[random.Next(Pages.Length)];
                    }
                    else if (page < 0.87)
                    {
                        properties["$pathname"] = null;
                    }
                    else if (page < 0.92)
                    {
                        properties["$pathname"] = 5.0;
                    }
                }

                if (random.NextDouble() < 0.5)
                {
                    properties["plan"] = random.NextDouble() < 0.5 ? "pro" : "free";
                }

                var distinct = personIds[random.Next(personIds.Count)];
                events.Add(new PlainEvent(name, distinct, time, properties));
                if (random.NextDouble() < 0.15)
                {
                    // The same step again at once, or another step at the same instant.
                    events.Add(new PlainEvent(random.NextDouble() < 0.5 ? name : Events[random.Next(Events.Length)], distinct, time, properties));
                }

                var next = random.NextDouble();
                time += next switch
                {
                    < 0.1 => 0,
                    < 0.2 => BoundaryGaps[random.Next(BoundaryGaps.Length)] * 1_000_000 + random.Next(-1, 2),
                    < 0.25 => random.NextInt64(2 * 3_600_000_000L),
                    _ => random.NextInt64(240_000_000),
                };
            }
        }

        return new PlainDataset
        {
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById(timeZone).Id,
            Events = events,
            PersonOf = personOf,
            PersonProperties = personProperties,
            Middle = middle,
        };
    }
}
