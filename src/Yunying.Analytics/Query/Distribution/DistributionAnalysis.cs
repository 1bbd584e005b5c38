using System.Globalization;
using System.Numerics;
using Yunying.Core.Results;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Query.Distribution;

/// <summary>
/// Distribution: one parallel pass counts each person's matching events (and sums the property) in
/// per-worker arrays indexed by person; the arrays are added up and each person's value is bucketed. Sums
/// are kept as <see cref="decimal"/> (each value taken at 15 significant digits, as <see cref="decimal"/>
/// converts a <see cref="double"/>), so they are exact and do not depend on the order rows are added in:
/// 10.1 + 19.9 is 30 and lands in the bucket that starts at 30.
/// </summary>
internal static class DistributionAnalysis
{
    public const int MaxEdges = 100;

    public const int MaxBuckets = 100;

    private const int DefaultBuckets = 10;

    public static Result<AnalyticsResult> Run(DistributionQuery query, QueryContext context)
    {
        var sum = query.Measure == DistributionMeasure.Sum;
        if (sum && string.IsNullOrWhiteSpace(query.Property))
        {
            return QueryErrors.Invalid("property", "The 'sum' measure needs 'property': the numeric event property to add up per person.");
        }

        if (query.BucketCount is < 1 or > MaxBuckets)
        {
            return QueryErrors.Invalid("bucketCount", $"bucketCount is between 1 and {MaxBuckets}.");
        }

        decimal[]? given = null;
        if (query.Edges is { } edges)
        {
            if (edges.Count is < 1 or > MaxEdges)
            {
                return QueryErrors.Invalid("edges", $"edges holds 1 to {MaxEdges} numbers, ascending.");
            }

            given = new decimal[edges.Count];
            for (var i = 0; i < edges.Count; i++)
            {
                if (!double.IsFinite(edges[i]) || Math.Abs(edges[i]) > 1e15 || (i > 0 && edges[i] <= edges[i - 1]))
                {
                    return QueryErrors.Invalid("edges", "edges must be finite numbers in strictly ascending order.");
                }

                given[i] = (decimal)edges[i];
            }
        }

        var filter = EventFilter.Compile(context, query.Event, query.Properties);
        if (!filter.IsSuccess)
        {
            return filter.Error;
        }

        var range = context.ResolveRange(query.DateRange);
        if (!range.IsSuccess)
        {
            return range.Error;
        }

        var property = sum ? new NumericProperty(context.Snapshot, query.Property!) : null;
        var totals = Scan(context, filter.Value, range.Value, property);
        context.CancellationToken.ThrowIfCancellationRequested();

        var values = new List<decimal>();
        for (var person = 0; person < context.PersonSpace; person++)
        {
            if (sum ? totals.HasSum![person] : totals.Counts[person] > 0)
            {
                values.Add(sum ? totals.Sums![person] : totals.Counts[person]);
            }
        }

        var calendar = context.Calendar;
        var result = new DistributionResult
        {
            TimeZone = calendar.ZoneId,
            From = calendar.ToOffset(range.Value.From),
            To = calendar.ToOffset(range.Value.To),
            Measure = query.Measure,
            Property = sum ? query.Property : null,
            Buckets = [],
            Total = values.Count,
        };
        if (values.Count == 0)
        {
            return result;
        }

        var min = values.Min();
        var max = values.Max();
        var average = values.Sum() / values.Count;
        var layout = given is null
            ? Auto(min, max, counts: !sum, query.BucketCount ?? DefaultBuckets)
            : new Layout(given, Below: min < given[0], OpenTop: true);
        return result with
        {
            Buckets = Buckets(layout, values, counts: !sum),
            Min = (double)min,
            Max = (double)max,
            Average = (double)average,
        };
    }

    /// <summary>
    /// Edges <c>lo + i·w</c> of one width w, the smallest of 1, 2, 5 × 10^k (k ≥ 0 for counts, k ≥ −6 for
    /// sums) that needs at most <paramref name="buckets"/> buckets; lo is the largest multiple of w (counted
    /// from 1 for counts, so count buckets read 1–5, 6–10…) not above the smallest value.
    /// </summary>
    internal static Layout Auto(decimal min, decimal max, bool counts, int buckets)
    {
        var origin = counts ? 1m : 0m;
        var span = max - min;
        var k = counts || span == 0 ? 0 : Math.Max(-6, (int)Math.Floor(Math.Log10((double)span / buckets)) - 1);
        if (span == 0 && !counts)
        {
            k = 0;
        }

        while (true)
        {
            foreach (var mantissa in (ReadOnlySpan<decimal>)[1m, 2m, 5m])
            {
                var width = mantissa * Pow10(k);
                var low = origin + (decimal.Floor((min - origin) / width) * width);
                var n = (int)decimal.Floor((max - low) / width) + 1;
                if (n <= buckets)
                {
                    var edges = new decimal[n + 1];
                    for (var i = 0; i <= n; i++)
                    {
                        edges[i] = low + (i * width);
                    }

                    return new Layout(edges, Below: false, OpenTop: false);
                }
            }

            k++;
        }
    }

    private static decimal Pow10(int k)
    {
        var value = 1m;
        for (var i = 0; i < Math.Abs(k); i++)
        {
            value = k > 0 ? value * 10 : value / 10;
        }

        return value;
    }

    private static List<DistributionBucket> Buckets(Layout layout, List<decimal> values, bool counts)
    {
        var edges = layout.Edges;
        var closed = layout.OpenTop ? edges.Length : edges.Length - 1; // buckets starting at an edge
        var persons = new long[closed];
        long below = 0;
        foreach (var value in values)
        {
            if (value < edges[0])
            {
                below++;
                continue;
            }

            var index = Array.BinarySearch(edges, value);
            index = index >= 0 ? index : ~index - 1;
            persons[Math.Min(index, closed - 1)]++;
        }

        var buckets = new List<DistributionBucket>();
        if (layout.Below && below > 0)
        {
            buckets.Add(new DistributionBucket($"< {Text(edges[0])}", null, (double)edges[0], below));
        }

        var integral = counts && edges.All(e => e == decimal.Truncate(e));
        for (var i = 0; i < closed; i++)
        {
            var from = edges[i];
            decimal? to = i + 1 < edges.Length ? edges[i + 1] : null;
            var label = to is not { } upper
                ? integral ? $"{Text(from)}+" : $"≥ {Text(from)}"
                : integral ? (upper - from == 1 ? Text(from) : $"{Text(from)}–{Text(upper - 1)}")
                : $"[{Text(from)}, {Text(upper)})";
            buckets.Add(new DistributionBucket(label, (double)from, (double?)to, persons[i]));
        }

        return buckets;
    }

    private static string Text(decimal value) => ((double)value).ToString("R", CultureInfo.InvariantCulture);

    private static Totals Scan(QueryContext context, EventFilter filter, TimeRange range, NumericProperty? property)
    {
        var workers = new List<Totals>();
        var gate = new Lock();
        if (!filter.MatchesNothing)
        {
            Parallel.ForEach(
                context.Snapshot.Segments,
                context.ParallelOptions,
                () => new Totals(context.PersonSpace, property is not null),
                (segment, _, worker) =>
                {
                    Scan(context, filter, range, property, segment, worker);
                    return worker;
                },
                worker =>
                {
                    lock (gate)
                    {
                        workers.Add(worker);
                    }
                });
        }

        if (workers.Count == 0)
        {
            return new Totals(context.PersonSpace, property is not null);
        }

        var total = workers[0];
        foreach (var worker in workers.Skip(1))
        {
            for (var p = 0; p < context.PersonSpace; p++)
            {
                total.Counts[p] += worker.Counts[p];
                if (worker.HasSum is { } has && has[p])
                {
                    total.Sums![p] += worker.Sums![p];
                    total.HasSum![p] = true;
                }
            }
        }

        return total;
    }

    private static void Scan(QueryContext context, EventFilter filter, TimeRange range, NumericProperty? property, SegmentView segment, Totals worker)
    {
        var rows = worker.Rows(segment.RowCount);
        if (filter.Evaluate(segment, range, rows) == 0)
        {
            return;
        }

        var ordinals = segment.DistinctOrdinals;
        var column = default(PropertyColumn);
        var hasColumn = property is { KeyId: >= 0 } && segment.TryGetProperty(property.KeyId, out column);
        var ordinal = -1;
        var person = -1;
        for (var w = 0; w < rows.Length; w++)
        {
            var bits = rows[w];
            while (bits != 0)
            {
                var row = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                var d = ordinals[row];
                if (d != ordinal)
                {
                    ordinal = d;
                    person = context.PersonOf(d);
                }

                worker.Counts[person]++;
                if (hasColumn && property!.TryGet(column, row, out var value))
                {
                    worker.Sums![person] += (decimal)value;
                    worker.HasSum![person] = true;
                }
            }
        }
    }

    /// <summary>Bucket edges: buckets run from each edge to the next (and, with <paramref name="OpenTop"/>, from the last edge up).</summary>
    internal sealed record Layout(decimal[] Edges, bool Below, bool OpenTop);

    private sealed class Totals(int personSpace, bool sums)
    {
        private ulong[] _rows = [];

        public int[] Counts { get; } = new int[personSpace];

        public decimal[]? Sums { get; } = sums ? new decimal[personSpace] : null;

        public bool[]? HasSum { get; } = sums ? new bool[personSpace] : null;

        public Span<ulong> Rows(int rowCount)
        {
            var words = RowBits.Words(rowCount);
            if (_rows.Length < words)
            {
                _rows = new ulong[words];
            }

            return _rows.AsSpan(0, words);
        }
    }
}
