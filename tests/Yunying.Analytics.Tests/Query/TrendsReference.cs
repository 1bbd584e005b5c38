using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Yunying.Analytics.Query;

namespace Yunying.Analytics.Tests.Query;

/// <summary>
/// Trends written the plain way, as the definitions in docs/analytics.md read: LINQ over the list of events,
/// the person of each distinct id from the dataset's merges, dates through <see cref="TimeZoneInfo"/>.
/// Supports absolute dates (<c>YYYY-MM-DD</c>) and <c>-Nd</c> ranges ending now, and the formulas listed in
/// <see cref="Formulas"/>. Nothing here is shared with the engine.
/// </summary>
public static class TrendsReference
{
    /// <summary>The formulas the reference knows, by text.</summary>
    public static readonly Dictionary<string, Func<double[], double>> Formulas = new()
    {
        ["A+B"] = v => v[0] + v[1],
        ["B/A"] = v => v[0] == 0 ? 0 : v[1] / v[0],
        ["A*2-B"] = v => (v[0] * 2) - v[1],
        ["(A+B)/2"] = v => (v[0] + v[1]) / 2,
    };

    public sealed record Line(string Label, int Series, string? Breakdown, string? BreakdownKind, string? Compare, string[] Labels, double[] Values, double Total);

    private sealed record Period(long From, long To, List<(long Start, long End, string Label)> Buckets);

    public static List<Line> Run(PlainDataset data, TrendsQuery query, long now) => Run(data, query, now, null, out _);

    /// <summary>The lines and, with <paramref name="personIds"/> and <c>query.people</c>, the point's persons (their ids in text order).</summary>
    public static List<Line> Run(PlainDataset data, TrendsQuery query, long now, IReadOnlyDictionary<string, Guid>? personIds, out List<Guid>? people)
    {
        people = null;
        var zone = data.Zone;
        DateOnly LocalDate(long micros) => DateOnly.FromDateTime(Local(zone, micros).DateTime);

        // The period.
        var fromText = query.DateRange?.From ?? "-7d";
        var toText = query.DateRange?.To;
        var today = LocalDate(now);
        var fromDate = fromText.StartsWith('-') ? today.AddDays(-int.Parse(fromText[1..^1], CultureInfo.InvariantCulture)) : DateOnly.ParseExact(fromText, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var from = Utc(zone, fromDate.ToDateTime(TimeOnly.MinValue));
        var to = toText is null ? now : Utc(zone, DateOnly.ParseExact(toText, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(1).ToDateTime(TimeOnly.MinValue));
        var current = MakePeriod(zone, query.Interval, from, to);
        var periods = new List<Period> { current };
        if (query.Compare)
        {
            var n = current.Buckets.Count;
            long Back(long t) => query.Interval switch
            {
                Interval.Hour => t - (n * 3_600_000_000L),
                Interval.Day => Utc(zone, Local(zone, t).DateTime.AddDays(-n)),
                Interval.Week => Utc(zone, Local(zone, t).DateTime.AddDays(-7 * n)),
                _ => Utc(zone, Local(zone, t).DateTime.AddMonths(-n)),
            };
            periods.Add(MakePeriod(zone, query.Interval, Back(from), Back(to)));
        }

        var series = query.Series;
        var global = query.Properties ?? [];
        bool Passes(PlainEvent e, TrendSeries s) =>
            (s.Event is null || e.Event == s.Event)
            && global.Concat(s.Properties ?? []).All(f => FilterMatches(data, e, f));

        string MathOf(TrendSeries s) => Canonical(s.Math);
        int Window(TrendSeries s) => MathOf(s) switch { "weekly_active" => 7, "monthly_active" => 30, _ => 0 };
        var earliest = periods.Min(p => p.From);
        long ExtFrom(int window) => Utc(zone, LocalDate(earliest).AddDays(-(window - 1)).ToDateTime(TimeOnly.MinValue));

        // Breakdown: volumes in the current period over every series, top N by volume then text.
        (string Label, string Kind) Raw(PlainEvent e)
        {
            var b = query.Breakdown!;
            var present = b.Type == PropertyScope.Person
                ? data.PersonProperties[data.PersonOf[e.DistinctId]].TryGetValue(b.Property, out var pv) ? (true, pv) : (false, null)
                : e.Properties.TryGetValue(b.Property, out var ev) ? (true, ev) : (false, null);
            return present.Item2 is null ? ("(none)", "none") : (Text(present.Item2), "value");
        }

        var top = new List<string>();
        if (query.Breakdown is { } breakdown)
        {
            top = series.SelectMany(s => data.Events.Where(e => e.Micros >= current.From && e.Micros < current.To && Passes(e, s)))
                .Select(Raw)
                .Where(r => r.Kind == "value")
                .GroupBy(r => r.Label)
                .Select(g => (Label: g.Key, Count: g.Count()))
                .OrderByDescending(g => g.Count).ThenBy(g => g.Label, StringComparer.Ordinal)
                .Take(breakdown.Limit)
                .Select(g => g.Label)
                .ToList();
        }

        (string Label, string Kind) Slot(PlainEvent e)
        {
            if (query.Breakdown is null)
            {
                return (string.Empty, string.Empty);
            }

            var raw = Raw(e);
            return raw.Kind == "none" ? raw : top.Contains(raw.Label) ? raw : ("(other)", "other");
        }

        // Which of "(none)" and "(other)" any counted row fell into.
        var used = new HashSet<(string, string)>();
        foreach (var s in series)
        {
            var window = Window(s);
            foreach (var p in periods)
            {
                var low = window > 0 ? ExtFrom(window) : p.From;
                var high = window > 0 ? current.To : p.To;
                foreach (var e in data.Events.Where(e => e.Micros >= low && e.Micros < high && Passes(e, s)))
                {
                    used.Add(Slot(e));
                }
            }
        }

        var slots = query.Breakdown is null
            ? [(string.Empty, string.Empty)]
            : top.Select(t => (t, "value")).Concat(new[] { ("(none)", "none"), ("(other)", "other") }.Where(used.Contains)).ToList();

        var lines = new List<Line>();
        for (var pi = 0; pi < periods.Count; pi++)
        {
            var period = periods[pi];
            var compare = query.Compare ? (pi == 0 ? "current" : "previous") : null;
            var labels = period.Buckets.Select(b => b.Label).ToArray();
            foreach (var slot in slots)
            {
                var perSeries = new List<(double[] Values, double Total)>();
                foreach (var s in series)
                {
                    perSeries.Add(Compute(data, s, period, p => LocalDate(p), slot, Passes, Slot, Window(s), ExtFrom(Math.Max(1, Window(s))), current.To));
                }

                var breakdownLabel = query.Breakdown is null ? null : slot.Item1;
                var breakdownKind = query.Breakdown is null ? null : slot.Item2;
                if (query.Formula is { } formula)
                {
                    var f = Formulas[formula];
                    var values = labels.Select((_, b) => f([.. perSeries.Select(x => x.Values[b])])).ToArray();
                    lines.Add(new Line(formula, -1, breakdownLabel, breakdownKind, compare, labels, values, f([.. perSeries.Select(x => x.Total)])));
                    continue;
                }

                for (var si = 0; si < series.Count; si++)
                {
                    if (query.People is { } drill && personIds is not null && drill.Series == si && pi == (drill.Compare == "previous" ? 1 : 0)
                        && (drill.Breakdown is null || (drill.Breakdown.Label, drill.Breakdown.Kind.ToString().ToLowerInvariant()) == slot))
                    {
                        var s = series[si];
                        var window = Window(s);
                        var bucket = period.Buckets[Array.IndexOf(labels, drill.Date)];
                        var day = LocalDate(bucket.Start);
                        var rows = window > 0
                            ? data.Events.Where(e => e.Micros >= ExtFrom(window) && e.Micros < current.To && LocalDate(e.Micros) <= day && LocalDate(e.Micros) > day.AddDays(-window))
                            : data.Events.Where(e => e.Micros >= bucket.Start && e.Micros < bucket.End);
                        rows = rows.Where(e => Passes(e, s) && Slot(e) == slot);
                        if (MathOf(s) is "sum" or "avg" or "min" or "max" or "median" or "p90")
                        {
                            rows = rows.Where(e => e.Properties.TryGetValue(s.MathProperty ?? string.Empty, out var v) && Number(v) is not null);
                        }

                        people = [.. rows.Select(e => personIds[data.PersonOf[e.DistinctId]]).Distinct().OrderBy(id => id.ToString("D"), StringComparer.Ordinal)];
                    }

                    lines.Add(new Line(series[si].Name ?? series[si].Event ?? "All events", si, breakdownLabel, breakdownKind, compare, labels, perSeries[si].Values, perSeries[si].Total));
                }
            }
        }

        return lines;
    }

    private static (double[] Values, double Total) Compute(
        PlainDataset data,
        TrendSeries s,
        Period period,
        Func<long, DateOnly> localDate,
        (string, string) slot,
        Func<PlainEvent, TrendSeries, bool> passes,
        Func<PlainEvent, (string, string)> slotOf,
        int window,
        long extFrom,
        long currentTo)
    {
        var math = Canonical(s.Math);
        var n = period.Buckets.Count;
        string Person(PlainEvent e) => data.PersonOf[e.DistinctId];
        if (window > 0)
        {
            var rows = data.Events.Where(e => e.Micros >= extFrom && e.Micros < currentTo && passes(e, s) && slotOf(e) == slot).ToList();
            var values = period.Buckets.Select(b =>
            {
                var day = localDate(b.Start);
                return (double)rows.Where(e => localDate(e.Micros) <= day && localDate(e.Micros) > day.AddDays(-window)).Select(Person).Distinct().Count();
            }).ToArray();
            var firstDay = localDate(period.From);
            var lastDay = localDate(period.To - 1);
            var total = rows.Where(e => localDate(e.Micros) >= firstDay && localDate(e.Micros) <= lastDay).Select(Person).Distinct().Count();
            return (values, total);
        }

        var inPeriod = data.Events.Where(e => e.Micros >= period.From && e.Micros < period.To && passes(e, s) && slotOf(e) == slot).ToList();
        var byBucket = Enumerable.Range(0, n).Select(b => inPeriod.Where(e => e.Micros >= period.Buckets[b].Start && e.Micros < period.Buckets[b].End).ToList()).ToArray();
        double Aggregate(List<PlainEvent> rows)
        {
            var numbers = rows.Select(e => e.Properties.TryGetValue(s.MathProperty ?? string.Empty, out var v) ? Number(v) : null)
                .Where(x => x is not null).Select(x => x!.Value).ToList();
            return math switch
            {
                "total" => rows.Count,
                "dau" => rows.Select(Person).Distinct().Count(),
                "avg_count_per_actor" => rows.Count == 0 ? 0 : (double)rows.Count / rows.Select(Person).Distinct().Count(),
                "sum" => numbers.Sum(),
                "avg" => numbers.Count == 0 ? 0 : numbers.Sum() / numbers.Count,
                "min" => numbers.Count == 0 ? 0 : numbers.Min(),
                "max" => numbers.Count == 0 ? 0 : numbers.Max(),
                "median" => Quantile(numbers, 0.5),
                "p90" => Quantile(numbers, 0.9),
                _ => throw new InvalidOperationException(math),
            };
        }

        return (byBucket.Select(Aggregate).ToArray(), Aggregate(inPeriod));
    }

    private static double Quantile(List<double> values, double q)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.OrderBy(v => v).ToList();
        var position = (sorted.Count - 1) * q;
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    private static Period MakePeriod(TimeZoneInfo zone, Interval interval, long from, long to)
    {
        var buckets = new List<(long Start, long End, string Label)>();
        if (interval == Interval.Hour)
        {
            // Both zones tested have whole-hour offsets, so local hours are UTC hours.
            var start = from - (from % 3_600_000_000L);
            for (var t = start; t < to; t += 3_600_000_000L)
            {
                buckets.Add((Math.Max(t, from), Math.Min(t + 3_600_000_000L, to), Local(zone, t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
            }

            return new Period(from, to, buckets);
        }

        DateOnly Align(DateOnly d) => interval switch
        {
            Interval.Day => d,
            Interval.Week => d.AddDays(-(((int)d.DayOfWeek + 6) % 7)),
            _ => new DateOnly(d.Year, d.Month, 1),
        };
        DateOnly Next(DateOnly d) => interval switch
        {
            Interval.Day => d.AddDays(1),
            Interval.Week => d.AddDays(7),
            _ => d.AddMonths(1),
        };

        var first = Align(DateOnly.FromDateTime(Local(zone, from).DateTime));
        var last = DateOnly.FromDateTime(Local(zone, to - 1).DateTime);
        for (var d = first; d <= last; d = Next(d))
        {
            var start = Math.Max(from, Utc(zone, d.ToDateTime(TimeOnly.MinValue)));
            var end = Math.Min(to, Utc(zone, Next(d).ToDateTime(TimeOnly.MinValue)));
            buckets.Add((start, end, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        return new Period(from, to, buckets);
    }

    /// <summary>The reference's reading of a property filter (see docs/analytics.md, "Filters").</summary>
    public static bool FilterMatches(PlainDataset data, PlainEvent e, PropertyFilter f)
    {
        var props = f.Type == PropertyScope.Person ? data.PersonProperties[data.PersonOf[e.DistinctId]] : e.Properties;
        var op = (f.Operator ?? "exact") switch
        {
            "equals" => "exact",
            "contains" => "icontains",
            "not_contains" => "not_icontains",
            var other => other,
        };
        var negative = op is "is_not" or "not_icontains" or "not_regex" or "not_between" or "is_not_set";
        if (!props.TryGetValue(f.Key, out var value) || value is null)
        {
            return negative;
        }

        var values = f.Value is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().ToList() : f.Value is { } one ? [one] : [];
        bool Exact() => value switch
        {
            string s => values.Any(v => FilterText(v) == s),
            double x => values.Any(v => FilterNumber(v) == x),
            bool b => values.Any(v => FilterText(v) == (b ? "true" : "false")),
            _ => false,
        };
        return op switch
        {
            "is_set" => true,
            "is_not_set" => false,
            "exact" => Exact(),
            "is_not" => !Exact(),
            "icontains" => values.Any(v => Text(value).Contains(FilterText(v)!, StringComparison.OrdinalIgnoreCase)),
            "not_icontains" => !values.Any(v => Text(value).Contains(FilterText(v)!, StringComparison.OrdinalIgnoreCase)),
            "regex" => Regex.IsMatch(Text(value), values[0].GetString()!),
            "not_regex" => !Regex.IsMatch(Text(value), values[0].GetString()!),
            "gt" => Number(value) is { } x && x > FilterNumber(values[0]),
            "gte" => Number(value) is { } x && x >= FilterNumber(values[0]),
            "lt" => Number(value) is { } x && x < FilterNumber(values[0]),
            "lte" => Number(value) is { } x && x <= FilterNumber(values[0]),
            "between" => Number(value) is { } x && x >= FilterNumber(values[0]) && x <= FilterNumber(values[1]),
            "not_between" => !(Number(value) is { } x && x >= FilterNumber(values[0]) && x <= FilterNumber(values[1])),
            _ => throw new InvalidOperationException(op),
        };
    }

    public static string Canonical(string? math) => (math ?? "total") switch
    {
        "unique" => "dau",
        "per_person_average" => "avg_count_per_actor",
        var m => m,
    };

    public static string Text(object? value) => value switch
    {
        string s => s,
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => string.Empty,
    };

    public static double? Number(object? value) => value switch
    {
        double x => x,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) => parsed,
        _ => null,
    };

    private static string? FilterText(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static double? FilterNumber(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetDouble(),
        JsonValueKind.String when double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static DateTimeOffset Local(TimeZoneInfo zone, long micros) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), zone);

    private static long Utc(TimeZoneInfo zone, DateTime local) =>
        (TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone).Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
