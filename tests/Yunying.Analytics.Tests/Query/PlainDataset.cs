using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Yunying.Analytics.People;
using Yunying.Analytics.Query;
using Yunying.Events;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Tests.Query;

/// <summary>One event as the reference sees it: property values are string, double, bool or null (JSON null); a missing key is absent.</summary>
public sealed record PlainEvent(string Event, string DistinctId, long Micros, IReadOnlyDictionary<string, object?> Properties);

/// <summary>
/// Events plus who is who (every distinct id's person after identity merges) and each person's current
/// properties: the whole truth a reference implementation needs. <see cref="LoadAsync"/> puts the same
/// events into the real engine and builds the person map from the same merges.
/// </summary>
public sealed class PlainDataset
{
    public required string TimeZone { get; init; }

    public required List<PlainEvent> Events { get; init; }

    /// <summary>Person key of every distinct id.</summary>
    public required Dictionary<string, string> PersonOf { get; init; }

    /// <summary>Current properties of each person key.</summary>
    public required Dictionary<string, Dictionary<string, object?>> PersonProperties { get; init; }

    /// <summary>A day in the middle of the data (local date).</summary>
    public required DateOnly Middle { get; init; }

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public static long Micros(DateTimeOffset time) => EventRecord.ToMicros(time);

    /// <summary>
    /// A random dataset: ids with anonymous ids merged into them, events spread around <paramref name="middle"/>
    /// (some sharing a timestamp), string, number, numeric-string, boolean and null values, keys often missing.
    /// </summary>
    public static PlainDataset Generate(int seed, string timeZone, DateOnly middle, int days)
    {
        var random = new Random(seed);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var users = random.Next(3, 40);
        var anonymous = random.Next(0, 30);
        var parent = new Dictionary<string, string>();
        string Find(string id)
        {
            while (parent[id] != id)
            {
                id = parent[id];
            }

            return id;
        }

        var ids = new List<string>();
        for (var i = 0; i < users; i++)
        {
            ids.Add($"user{i}");
        }

        for (var i = 0; i < anonymous; i++)
        {
            ids.Add($"anon{i}");
        }

        foreach (var id in ids)
        {
            parent[id] = id;
        }

        // Merges: most anonymous ids join a user; a few users alias each other.
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
        var personProperties = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        foreach (var person in personOf.Values.Distinct())
        {
            var props = new Dictionary<string, object?>(StringComparer.Ordinal);
            switch (random.Next(6))
            {
                case 0:
                    break;
                case 1:
                    props["tier"] = null;
                    break;
                case 2:
                    props["tier"] = 3.0;
                    break;
                default:
                    props["tier"] = Pick(random, "gold", "silver", "bronze");
                    break;
            }

            if (random.NextDouble() < 0.7)
            {
                props["age"] = (double)random.Next(16, 70);
            }

            personProperties[person] = props;
        }

        var start = Micros(new DateTimeOffset(middle.AddDays(-(days / 2) - 2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var span = (days + 4) * 86_400_000_000L;
        var count = random.Next(0, 900);
        var events = new List<PlainEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var micros = events.Count > 0 && random.NextDouble() < 0.15
                ? events[random.Next(events.Count)].Micros
                : start + (random.NextInt64(span / 1_000_000) * 1_000_000) + random.Next(1000);
            var props = new Dictionary<string, object?>(StringComparer.Ordinal);
            var city = random.NextDouble();
            if (city < 0.6)
            {
                props["city"] = Pick(random, "Beijing", "Shanghai", "Hangzhou", "上海", "beijing");
            }
            else if (city < 0.65)
            {
                props["city"] = null;
            }
            else if (city < 0.7)
            {
                props["city"] = 5.0;
            }
            else if (city < 0.73)
            {
                props["city"] = "5";
            }
            else if (city < 0.76)
            {
                props["city"] = random.NextDouble() < 0.5;
            }

            var amount = random.NextDouble();
            if (amount < 0.55)
            {
                props["amount"] = Math.Round(random.NextDouble() * 100, 2);
            }
            else if (amount < 0.62)
            {
                props["amount"] = Math.Round(random.NextDouble() * 100, 1).ToString(CultureInfo.InvariantCulture);
            }
            else if (amount < 0.65)
            {
                props["amount"] = "n/a";
            }

            if (random.NextDouble() < 0.5)
            {
                props["vip"] = random.NextDouble() < 0.3;
            }

            if (random.NextDouble() < 0.4)
            {
                props["plan"] = Pick(random, "free", "pro", "team", "enterprise", "trial", "edu");
            }

            events.Add(new PlainEvent(
                Pick(random, "view", "view", "view", "buy", "signup", "share"),
                ids[random.Next(ids.Count)],
                micros,
                props));
        }

        return new PlainDataset
        {
            TimeZone = zone.Id,
            Events = events,
            PersonOf = personOf,
            PersonProperties = personProperties,
            Middle = middle,
        };
    }

    /// <summary>
    /// Appends the events to <paramref name="store"/> in random batches (sealing some segments, leaving some rows
    /// in the unsorted tail) and returns a query context whose person map applies the dataset's merges.
    /// </summary>
    public async Task<QueryContext> LoadAsync(EventStore store, Guid projectId, Random random, long now, CancellationToken cancellationToken)
    {
        var order = Events.ToArray();
        random.Shuffle(order);
        var at = 0;
        while (at < order.Length)
        {
            var take = Math.Min(order.Length - at, random.Next(1, 200));
            var batch = new EventRecord[take];
            for (var i = 0; i < take; i++)
            {
                var e = order[at + i];
                batch[i] = new EventRecord(Guid.NewGuid(), e.Micros, e.Event, e.DistinctId, Json(e.Properties));
            }

            await store.AppendAsync(projectId, batch, cancellationToken);
            at += take;
            if (random.NextDouble() < 0.3)
            {
                await store.FlushAsync(projectId, cancellationToken);
            }
        }

        var snapshot = await store.GetSnapshotAsync(projectId, cancellationToken);
        return new QueryContext(snapshot, BuildPersonMap(snapshot), new ZonedCalendar(Zone), now);
    }

    /// <summary>The person map the identity layer would build for this dataset's merges.</summary>
    public PersonMap BuildPersonMap(ProjectSnapshot snapshot)
    {
        var persons = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new List<string>();
        var map = new int[snapshot.DistinctIds.Count];
        for (var d = 0; d < map.Length; d++)
        {
            var person = PersonOf[snapshot.DistinctIds[d]];
            if (!persons.TryGetValue(person, out var ordinal))
            {
                ordinal = persons[person] = keys.Count;
                keys.Add(person);
            }

            map[d] = ordinal;
        }

        PersonPropertyColumn Load(string key)
        {
            var kinds = new PropertyValueKind[keys.Count];
            var strings = new string?[keys.Count];
            var numbers = new double[keys.Count];
            for (var p = 0; p < keys.Count; p++)
            {
                if (!PersonProperties[keys[p]].TryGetValue(key, out var value))
                {
                    continue;
                }

                switch (value)
                {
                    case null:
                        kinds[p] = PropertyValueKind.Null;
                        break;
                    case string s:
                        kinds[p] = PropertyValueKind.String;
                        strings[p] = s;
                        break;
                    case double x:
                        kinds[p] = PropertyValueKind.Number;
                        numbers[p] = x;
                        break;
                    case bool b:
                        kinds[p] = b ? PropertyValueKind.True : PropertyValueKind.False;
                        break;
                }
            }

            return new PersonPropertyColumn(key, kinds, strings, numbers);
        }

        return new PersonMap(snapshot, map, keys.Count, [.. keys.Select(_ => Guid.NewGuid())], Load);
    }

    private static ReadOnlyMemory<byte> Json(IReadOnlyDictionary<string, object?> properties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in properties)
            {
                writer.WritePropertyName(key);
                switch (value)
                {
                    case null:
                        writer.WriteNullValue();
                        break;
                    case string s:
                        writer.WriteStringValue(s);
                        break;
                    case double x:
                        writer.WriteNumberValue(x);
                        break;
                    case bool b:
                        writer.WriteBooleanValue(b);
                        break;
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenMemory.ToArray();
    }

    private static T Pick<T>(Random random, params T[] options) => options[random.Next(options.Length)];
}
