using System.Globalization;
using System.Text.Json;
using Yunying.Analytics.Query;

namespace Yunying.Analytics.Tests.Query.Retention;

/// <summary>Pieces of random queries and datasets shared by the retention, lifecycle and stickiness comparisons.</summary>
public static class RandomParts
{
    /// <summary>Seed → dataset and "now": New York across both 2026 daylight-saving changes, or Shanghai.</summary>
    public static (PlainDataset Data, long Now) Dataset(int seed, Random random)
    {
        var (zone, middle) = (seed % 3) switch
        {
            0 => ("America/New_York", new DateOnly(2026, 11, 1)),
            1 => ("America/New_York", new DateOnly(2026, 3, 8)),
            _ => ("Asia/Shanghai", new DateOnly(2026, 6, 15)),
        };
        var data = PlainDataset.Generate(seed, zone, middle, random.Next(6, 100));
        var nowLocal = middle.AddDays(random.Next(-6, 24)).ToDateTime(new TimeOnly(random.Next(24), 34, 56));
        var now = PlainDataset.Micros(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(nowLocal, data.Zone), TimeSpan.Zero));
        return (data, now);
    }

    public static Interval Interval(Random random) => random.Next(10) switch
    {
        < 5 => Analytics.Query.Interval.Day,
        < 8 => Analytics.Query.Interval.Week,
        _ => Analytics.Query.Interval.Month,
    };

    /// <summary>An absolute range around the data's middle, a relative one, or none (the analysis's default).</summary>
    public static DateRange? Range(Random random, DateOnly middle, Interval interval)
    {
        var roll = random.NextDouble();
        if (roll < 0.1)
        {
            return null;
        }

        if (roll < 0.2 && interval == Analytics.Query.Interval.Day)
        {
            // Long enough for more than 64 daily buckets: several 64-bit words per person.
            var start = middle.AddDays(-random.Next(30, 50));
            return new DateRange(Date(start), Date(start.AddDays(random.Next(64, 100))));
        }

        if (roll < 0.3)
        {
            var unit = interval switch { Analytics.Query.Interval.Day => "d", Analytics.Query.Interval.Week => "w", _ => "m" };
            return new DateRange($"-{random.Next(0, interval == Analytics.Query.Interval.Day ? 20 : 4)}{unit}");
        }

        var from = middle.AddDays(random.Next(-25, 8));
        var days = interval switch
        {
            Analytics.Query.Interval.Day => random.Next(0, 25),
            Analytics.Query.Interval.Week => random.Next(0, 40),
            _ => random.Next(0, 70),
        };
        return new DateRange(Date(from), Date(from.AddDays(days)));
    }

    public static string? Event(Random random) => random.NextDouble() < 0.15 ? null : Pick(random, "view", "view", "buy", "signup", "share", "never_seen");

    public static Breakdown? Breakdown(Random random) => random.NextDouble() < 0.6 ? null : random.Next(5) switch
    {
        0 => new Breakdown("tier", PropertyScope.Person, random.Next(1, 4)),
        1 => new Breakdown("vip", PropertyScope.Event, random.Next(1, 3)),
        2 => new Breakdown("plan", PropertyScope.Event, random.Next(1, 8)),
        3 => new Breakdown("nothing_has_this", PropertyScope.Event, 3),
        _ => new Breakdown("city", PropertyScope.Event, random.Next(1, 6)),
    };

    /// <summary>Up to <paramref name="count"/> event or person filters that each keep a fair share of events.</summary>
    public static List<PropertyFilter> Filters(Random random, int count)
    {
        var filters = new List<PropertyFilter>();
        for (var i = 0; i < count; i++)
        {
            filters.Add(random.Next(8) switch
            {
                0 => new PropertyFilter("city", "exact", Json("[\"Beijing\",\"上海\",\"Shanghai\"]")),
                1 => new PropertyFilter("city", "is_not", Json("\"Beijing\"")),
                2 => new PropertyFilter("amount", "gt", Json("30")),
                3 => new PropertyFilter("vip", "is_not_set"),
                4 => new PropertyFilter("plan", "icontains", Json("\"e\"")),
                5 => new PropertyFilter("tier", "exact", Json("[\"gold\",\"silver\"]"), PropertyScope.Person),
                6 => new PropertyFilter("age", "lt", Json("50"), PropertyScope.Person),
                _ => new PropertyFilter("amount", "between", Json("[10, 80]")),
            });
        }

        return filters;
    }

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static T Pick<T>(Random random, params T[] options) => options[random.Next(options.Length)];

    public static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
