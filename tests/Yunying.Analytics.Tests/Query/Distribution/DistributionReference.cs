using System.Globalization;
using Yunying.Analytics.Query.Distribution;
using Yunying.Analytics.Tests.Query.Retention;

namespace Yunying.Analytics.Tests.Query.Distribution;

/// <summary>Distribution written the plain way, as docs/analytics.md defines it.</summary>
public static class DistributionReference
{
    public sealed record Bucket(string Label, double? From, double? To, long Persons);

    public sealed record Answer(List<Bucket> Buckets, long Total, double? Min, double? Max, double? Average);

    public static Answer Run(PlainDataset data, DistributionQuery query, long now)
    {
        var (from, to) = PlainIntervals.Range(data.Zone, query.DateRange, "-7d", now);
        var sum = query.Measure == DistributionMeasure.Sum;
        var values = data.Events
            .Where(e => e.Micros >= from && e.Micros < to)
            .Where(e => (query.Event is null || e.Event == query.Event) && (query.Properties ?? []).All(f => TrendsReference.FilterMatches(data, e, f)))
            .GroupBy(e => data.PersonOf[e.DistinctId])
            .Select(g =>
            {
                if (!sum)
                {
                    return (decimal?)g.Count();
                }

                var numbers = g.Select(e => e.Properties.TryGetValue(query.Property!, out var v) ? Number(v) : null).Where(x => x is not null).ToList();
                return numbers.Count == 0 ? null : numbers.Sum(x => (decimal)x!.Value);
            })
            .Where(v => v is not null)
            .Select(v => v!.Value)
            .ToList();
        if (values.Count == 0)
        {
            return new Answer([], 0, null, null, null);
        }

        var buckets = new List<Bucket>();
        var integral = !sum;
        if (query.Edges is { } given)
        {
            var edges = given.Select(e => (decimal)e).ToList();
            integral &= edges.All(e => e == decimal.Truncate(e));
            var below = values.Count(v => v < edges[0]);
            if (below > 0)
            {
                buckets.Add(new Bucket($"< {Text(edges[0])}", null, (double)edges[0], below));
            }

            for (var i = 0; i < edges.Count; i++)
            {
                var low = edges[i];
                decimal? high = i + 1 < edges.Count ? edges[i + 1] : null;
                buckets.Add(new Bucket(Label(low, high, integral), (double)low, (double?)high, values.Count(v => v >= low && (high is null || v < high))));
            }
        }
        else
        {
            // The smallest width of 1, 2, 5 × 10^k (from 1 for counts, 10^-6 for sums) that needs at most bucketCount buckets.
            var limit = query.BucketCount ?? 10;
            var origin = sum ? 0m : 1m;
            var (min, max) = (values.Min(), values.Max());
            var widths = Enumerable.Range(sum ? -6 : 0, 40).SelectMany(k => new[] { 1m, 2m, 5m }.Select(m => m * Pow10(k)));
            var width = min == max ? 1m : widths.First(w => Count(min, max, origin, w) <= limit);
            var first = origin + (decimal.Floor((min - origin) / width) * width);
            for (var i = 0; i < Count(min, max, origin, width); i++)
            {
                var low = first + (i * width);
                var high = low + width;
                buckets.Add(new Bucket(Label(low, high, integral), (double)low, (double)high, values.Count(v => v >= low && v < high)));
            }
        }

        return new Answer(buckets, values.Count, (double)values.Min(), (double)values.Max(), (double)(values.Sum() / values.Count));
    }

    private static int Count(decimal min, decimal max, decimal origin, decimal width)
    {
        var first = origin + (decimal.Floor((min - origin) / width) * width);
        return (int)decimal.Floor((max - first) / width) + 1;
    }

    private static decimal Pow10(int k) => k >= 0 ? Enumerable.Repeat(10m, k).Aggregate(1m, (a, b) => a * b) : Enumerable.Repeat(10m, -k).Aggregate(1m, (a, b) => a / b);

    private static string Label(decimal low, decimal? high, bool integral) => high switch
    {
        null => integral ? $"{Text(low)}+" : $"≥ {Text(low)}",
        { } h when integral => h - low == 1 ? Text(low) : $"{Text(low)}–{Text(h - 1)}",
        { } h => $"[{Text(low)}, {Text(h)})",
    };

    private static string Text(decimal value) => ((double)value).ToString("R", CultureInfo.InvariantCulture);

    private static double? Number(object? value) => value switch
    {
        double x => x,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) => parsed,
        _ => null,
    };
}
