using System.Numerics;
using Yunying.Core.Results;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Query;

/// <summary>
/// Trends: per series, the rows that pass its filter are bucketed by local interval (and breakdown slot)
/// in one parallel pass over the segments. Counts and property statistics accumulate per worker; persons
/// are counted exactly by packing (group, person, bucket) into 64-bit keys, radix-sorting them and counting
/// distinct keys, which needs no per-person bitmaps whatever the number of buckets or breakdown values.
/// </summary>
internal static class TrendsAnalysis
{
    private const int MaxSeries = 26;

    public static Result<AnalyticsResult> Run(TrendsQuery query, QueryContext context)
    {
        var plans = Plan(query, context);
        if (!plans.IsSuccess)
        {
            return plans.Error;
        }

        Formula? formula = null;
        if (!string.IsNullOrWhiteSpace(query.Formula))
        {
            var parsed = Formula.Parse(query.Formula, plans.Value.Length);
            if (!parsed.IsSuccess)
            {
                return parsed.Error;
            }

            formula = parsed.Value;
        }

        var range = context.ResolveRange(query.DateRange);
        if (!range.IsSuccess)
        {
            return range.Error;
        }

        var current = TimeBuckets.Create(context.Calendar, range.Value, query.Interval);
        if (!current.IsSuccess)
        {
            return current.Error;
        }

        var periods = new List<TimeBuckets> { current.Value };
        if (query.Compare)
        {
            var n = current.Value.Count;
            var shifted = new TimeRange(
                context.Calendar.Shift(range.Value.From, query.Interval, -n),
                context.Calendar.Shift(range.Value.To, query.Interval, -n));
            var previous = TimeBuckets.Create(context.Calendar, shifted, query.Interval);
            if (!previous.IsSuccess)
            {
                return previous.Error;
            }

            periods.Add(previous.Value);
        }

        BreakdownValues? values = null;
        var slots = BreakdownSlots.Single;
        CodeCounts[]? byCode = null;
        if (query.Breakdown is { } breakdown)
        {
            var compiled = BreakdownValues.Compile(context, breakdown);
            if (!compiled.IsSuccess)
            {
                return compiled.Error;
            }

            values = compiled.Value;
            if (plans.Value.All(p => p.Math == TrendMath.Total))
            {
                // Event counts only: one pass counts per (value, bucket); the top values and the lines come from it.
                byCode = [.. plans.Value.Select(p => CodeCounts.Scan(p, [.. periods], values, context))];
                slots = BreakdownSlots.Select(values, CodeCounts.Volumes(byCode, values.CodeSpace));
            }
            else
            {
                slots = BreakdownSlots.Select(values, Volumes(context, plans.Value, values, current.Value.Range));
            }
        }

        var shape = new Shape([.. periods], slots, values);
        TrendsPeople? people = null;
        if (query.People is { } peopleOptions)
        {
            var drilled = People(query, peopleOptions, plans.Value, shape, formula, context);
            if (!drilled.IsSuccess)
            {
                return drilled.Error;
            }

            people = drilled.Value;
        }

        var results = new SeriesResult[plans.Value.Length];
        for (var s = 0; s < results.Length; s++)
        {
            if (byCode is not null)
            {
                results[s] = byCode[s].Fold(shape);
                continue;
            }

            context.CancellationToken.ThrowIfCancellationRequested();
            var computed = Compute(plans.Value[s], shape, context);
            if (!computed.IsSuccess)
            {
                return computed.Error;
            }

            results[s] = computed.Value;
        }

        return new TrendsResult
        {
            TimeZone = context.Calendar.ZoneId,
            From = context.Calendar.ToOffset(range.Value.From),
            To = context.Calendar.ToOffset(range.Value.To),
            Interval = query.Interval,
            Lines = Lines(query, plans.Value, results, shape, formula),
            People = people,
        };
    }

    /// <summary>
    /// The persons counted in one point: who did the series' event (with its filters, and for the property
    /// maths with the property set) in that interval, or for the rolling counts in the window ending that day.
    /// </summary>
    private static Result<TrendsPeople> People(TrendsQuery query, TrendsPeopleOptions options, SeriesPlan[] plans, Shape shape, Formula? formula, QueryContext context)
    {
        if (formula is not null)
        {
            return QueryErrors.Invalid("people", "A formula's point has no persons of its own; ask for the people of one series (leave out the formula).");
        }

        if (options.Series < 0 || options.Series >= plans.Length)
        {
            return QueryErrors.Invalid("people.series", $"people.series is a series of the query (0 to {plans.Length - 1}).");
        }

        if (options.Breakdown is not null && shape.Values is null)
        {
            return QueryErrors.Invalid("people.breakdown", "people.breakdown names a breakdown bucket; the query has no breakdown.");
        }

        var period = options.Compare switch
        {
            null or "current" => 0,
            "previous" when query.Compare => 1,
            _ => -1,
        };
        if (period < 0)
        {
            return QueryErrors.Invalid("people.compare", query.Compare
                ? "people.compare is current (default) or previous."
                : "people.compare is only for a query with compare; leave it out.");
        }

        if (PersonPage.Check(options.Limit, options.Offset) is { } bad)
        {
            return bad;
        }

        var buckets = shape.Periods[period];
        var bucket = Array.IndexOf(buckets.Labels(), options.Date);
        if (bucket < 0)
        {
            return QueryErrors.Invalid("people.date", $"people.date '{options.Date}' is not an interval of the answer; use one of its labels ({buckets.Label(0)} … {buckets.Label(buckets.Count - 1)}).");
        }

        var plan = plans[options.Series];
        var range = new TimeRange(buckets.Bounds[bucket], buckets.Bounds[bucket + 1]);
        var window = TrendMaths.WindowDays(plan.Math);
        if (window > 0)
        {
            var calendar = context.Calendar;
            var day = calendar.DayOf(buckets.Bounds[bucket]);
            range = new TimeRange(
                calendar.StartOfDay(day.AddDays(-(window - 1))),
                Math.Min(calendar.StartOfDay(day.AddDays(1)), shape.Periods[0].Range.To));
        }

        var slot = 0;
        if (options.Breakdown is { } wanted)
        {
            slot = -1;
            for (var s = 0; s < shape.Slots.Count; s++)
            {
                if (shape.Slots.Buckets[s] == wanted)
                {
                    slot = s;
                }
            }
        }

        List<int> persons = slot < 0
            ? []
            : MatchingPersons.Find(context, plan.Filter, range, TrendMaths.UsesProperty(plan.Math) ? plan.Property : null, shape.Values, shape.Slots, slot);
        var (total, page) = PersonPage.Take(persons, context, options.Offset, options.Limit);
        return new TrendsPeople
        {
            Series = options.Series,
            Date = options.Date,
            Breakdown = options.Breakdown,
            Compare = period == 1 ? "previous" : null,
            Total = total,
            Offset = options.Offset,
            PersonIds = page,
        };
    }

    private static Result<SeriesPlan[]> Plan(TrendsQuery query, QueryContext context)
    {
        var series = query.Series ?? [];
        if (series.Count == 0)
        {
            return QueryErrors.Invalid("series", "A trends query needs at least one series (an event, or every event, and a math).");
        }

        if (series.Count > MaxSeries)
        {
            return QueryErrors.Invalid("series", $"A trends query has at most {MaxSeries} series (A to Z).");
        }

        var plans = new SeriesPlan[series.Count];
        for (var i = 0; i < plans.Length; i++)
        {
            var item = series[i];
            if (item is null)
            {
                return QueryErrors.Invalid($"series[{i}]", "A series cannot be null.");
            }

            if (!TrendMaths.TryParse(item.Math, out var math))
            {
                return QueryErrors.Invalid(
                    $"series[{i}].math",
                    $"'{item.Math}' is not a trends math; use total, dau (unique), weekly_active, monthly_active, avg_count_per_actor, sum, avg, min, max, median or p90.");
            }

            if (TrendMaths.UsesProperty(math) && string.IsNullOrWhiteSpace(item.MathProperty))
            {
                return QueryErrors.Invalid($"series[{i}].mathProperty", $"The math '{TrendMaths.Name(math)}' needs mathProperty: the numeric event property to aggregate.");
            }

            if (TrendMaths.WindowDays(math) > 0 && query.Interval != Interval.Day)
            {
                return QueryErrors.Invalid($"series[{i}].math", $"'{TrendMaths.Name(math)}' is a rolling count per day; use interval 'day'.");
            }

            var filter = EventFilter.Compile(context, item.Event, query.Properties, item.Properties, $"series[{i}].properties");
            if (!filter.IsSuccess)
            {
                return filter.Error;
            }

            var property = TrendMaths.UsesProperty(math) ? new NumericProperty(context.Snapshot, item.MathProperty!) : null;
            plans[i] = new SeriesPlan(item, math, filter.Value, property);
        }

        return plans;
    }

    /// <summary>Matching events per breakdown code in the current period, over every series: what ranks the breakdown values.</summary>
    private static long[] Volumes(QueryContext context, SeriesPlan[] plans, BreakdownValues values, TimeRange range)
    {
        var total = new long[values.CodeSpace];
        var gate = new Lock();
        Parallel.ForEach(
            context.Snapshot.Segments,
            context.ParallelOptions,
            () => new VolumeWorker(values.CodeSpace),
            (segment, _, worker) =>
            {
                var rows = worker.Rows(segment.RowCount);
                foreach (var plan in plans)
                {
                    if (plan.Filter.Evaluate(segment, range, rows) == 0)
                    {
                        continue;
                    }

                    var codes = values.Bind(segment);
                    for (var w = 0; w < rows.Length; w++)
                    {
                        var bits = rows[w];
                        while (bits != 0)
                        {
                            var row = (w << 6) + BitOperations.TrailingZeroCount(bits);
                            worker.Add(codes.CodeAt(row));
                            bits &= bits - 1;
                        }
                    }
                }

                return worker;
            },
            worker =>
            {
                lock (gate)
                {
                    if (worker.Counts.Length > total.Length)
                    {
                        Array.Resize(ref total, worker.Counts.Length);
                    }

                    for (var i = 0; i < worker.Counts.Length; i++)
                    {
                        total[i] += worker.Counts[i];
                    }
                }
            });
        return total;
    }

    private static Result<SeriesResult> Compute(SeriesPlan plan, Shape shape, QueryContext context)
    {
        var window = TrendMaths.WindowDays(plan.Math);
        if (window > 0)
        {
            return Rolling(plan, shape, context, window);
        }

        var groups = shape.Groups;
        var width = shape.Width;
        PersonActivity? activity = null;
        if (TrendMaths.CountsPersons(plan.Math))
        {
            var created = PersonActivity.Create(groups, width, context.PersonSpace);
            if (!created.IsSuccess)
            {
                return created.Error;
            }

            activity = created.Value;
        }

        var workers = new List<SeriesWorker>();
        var gate = new Lock();
        Parallel.ForEach(
            context.Snapshot.Segments,
            context.ParallelOptions,
            () => new SeriesWorker(plan.Math, groups * width, shape.Slots.Count, activity?.CreateMarker()),
            (segment, _, worker) =>
            {
                for (var p = 0; p < shape.Periods.Length; p++)
                {
                    ScanPeriod(plan, shape, context, segment, p, worker);
                }

                return worker;
            },
            worker =>
            {
                lock (gate)
                {
                    workers.Add(worker);
                }
            });

        var result = new SeriesResult(groups, width, shape.Slots.Count);
        foreach (var worker in workers)
        {
            for (var i = 0; i < worker.SlotUsed.Length; i++)
            {
                result.SlotUsed[i] |= worker.SlotUsed[i];
            }
        }

        switch (plan.Math)
        {
            case TrendMath.Total:
                SumCounts(workers, result);
                break;
            case TrendMath.Dau:
                activity!.CountDistinct(result.Values, width, result.Totals);
                break;
            case TrendMath.AvgCountPerActor:
                {
                    var counts = new SeriesResult(groups, width, shape.Slots.Count);
                    SumCounts(workers, counts);
                    activity!.CountDistinct(result.Values, width, result.Totals);
                    for (var cell = 0; cell < result.Values.Length; cell++)
                    {
                        result.Values[cell] = result.Values[cell] == 0 ? 0 : counts.Values[cell] / result.Values[cell];
                    }

                    for (var g = 0; g < groups; g++)
                    {
                        result.Totals[g] = result.Totals[g] == 0 ? 0 : counts.Totals[g] / result.Totals[g];
                    }

                    break;
                }

            case TrendMath.Median or TrendMath.P90:
                Quantiles(workers, result, plan.Math == TrendMath.Median ? 0.5 : 0.9);
                break;
            default:
                Statistics(workers, result, plan.Math);
                break;
        }

        return result;
    }

    private static void ScanPeriod(SeriesPlan plan, Shape shape, QueryContext context, SegmentView segment, int period, SeriesWorker worker)
    {
        var buckets = shape.Periods[period];
        var rows = worker.Rows(segment.RowCount);
        if (plan.Filter.Evaluate(segment, buckets.Range, rows) == 0)
        {
            return;
        }

        var timestamps = segment.Timestamps;
        var ordinals = segment.DistinctOrdinals;
        var codes = shape.Values is { } breakdownValues ? breakdownValues.Bind(segment) : default;
        var hasBreakdown = shape.Values is not null;
        var column = default(PropertyColumn);
        var hasColumn = plan.Property is { KeyId: >= 0 } property && segment.TryGetProperty(property.KeyId, out column);
        var slotCount = shape.Slots.Count;
        var width = shape.Width;
        var math = plan.Math;
        var marker = worker.Marker;
        for (var w = 0; w < rows.Length; w++)
        {
            var bits = rows[w];
            while (bits != 0)
            {
                var row = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                var bucket = buckets.IndexOf(timestamps[row]);
                var slot = hasBreakdown ? shape.Slots.SlotOf(codes.CodeAt(row)) : 0;
                worker.SlotUsed[slot] = true;
                var group = (period * slotCount) + slot;
                var cell = (group * width) + bucket;
                switch (math)
                {
                    case TrendMath.Total:
                        worker.Counts[cell]++;
                        break;
                    case TrendMath.Dau or TrendMath.AvgCountPerActor:
                        {
                            worker.Counts[cell]++;
                            marker!.Mark(group, context.PersonOf(ordinals[row]), bucket);
                            break;
                        }

                    default:
                        if (hasColumn && plan.Property!.TryGet(column, row, out var value))
                        {
                            worker.AddValue(cell, value);
                        }

                        break;
                }
            }
        }
    }

    /// <summary>weekly_active / monthly_active: persons with a matching event in the <paramref name="window"/> local days ending on each day.</summary>
    private static Result<SeriesResult> Rolling(SeriesPlan plan, Shape shape, QueryContext context, int window)
    {
        var calendar = context.Calendar;
        var earliest = shape.Periods.Min(p => p.Range.From);
        var extFrom = calendar.StartOfDay(calendar.DayOf(earliest).AddDays(-(window - 1)));
        var ext = TimeBuckets.Create(calendar, new TimeRange(extFrom, shape.Periods[0].Range.To), Interval.Day);
        if (!ext.IsSuccess)
        {
            return ext.Error;
        }

        var days = ext.Value;
        var slotCount = shape.Slots.Count;
        var created = PersonActivity.Create(slotCount, days.Count, context.PersonSpace);
        if (!created.IsSuccess)
        {
            return created.Error;
        }

        var activity = created.Value;
        Parallel.ForEach(
            context.Snapshot.Segments,
            context.ParallelOptions,
            () => new SeriesWorker(TrendMath.Total, 0, slotCount, activity.CreateMarker()),
            (segment, _, worker) =>
            {
                var rows = worker.Rows(segment.RowCount);
                if (plan.Filter.Evaluate(segment, days.Range, rows) == 0)
                {
                    return worker;
                }

                var timestamps = segment.Timestamps;
                var ordinals = segment.DistinctOrdinals;
                var codes = shape.Values is { } breakdownValues ? breakdownValues.Bind(segment) : default;
                var marker = worker.Marker!;
                for (var w = 0; w < rows.Length; w++)
                {
                    var bits = rows[w];
                    while (bits != 0)
                    {
                        var row = (w << 6) + BitOperations.TrailingZeroCount(bits);
                        bits &= bits - 1;
                        var slot = shape.Values is null ? 0 : shape.Slots.SlotOf(codes.CodeAt(row));
                        marker.Mark(slot, context.PersonOf(ordinals[row]), days.IndexOf(timestamps[row]));
                    }
                }

                return worker;
            },
            _ => { });

        // The window of an active day d covers days d … d+window-1: merge each person's windows into runs
        // and add them to a difference array per slot; prefix sums then give persons active per day.
        var stride = days.Count + 1;
        var diff = new long[slotCount * stride];
        var periodDays = shape.Periods.Select(p => (Low: days.IndexOf(p.Range.From), High: days.IndexOf(p.Range.To - 1))).ToArray();
        var totals = new long[shape.Groups];
        var result = new SeriesResult(shape.Groups, shape.Width, slotCount);
        activity.VisitPersons((slot, _, active) =>
        {
            result.SlotUsed[slot] = true;
            var runStart = -1;
            var runEnd = -1;
            foreach (var day in active)
            {
                var end = Math.Min(days.Count - 1, day + window - 1);
                if (runStart >= 0 && day <= runEnd + 1)
                {
                    runEnd = Math.Max(runEnd, end);
                    continue;
                }

                if (runStart >= 0)
                {
                    diff[(slot * stride) + runStart]++;
                    diff[(slot * stride) + runEnd + 1]--;
                }

                runStart = day;
                runEnd = end;
            }

            diff[(slot * stride) + runStart]++;
            diff[(slot * stride) + runEnd + 1]--;
            for (var p = 0; p < periodDays.Length; p++)
            {
                foreach (var day in active)
                {
                    if (day >= periodDays[p].Low && day <= periodDays[p].High)
                    {
                        totals[(p * slotCount) + slot]++;
                        break;
                    }
                }
            }
        });

        for (var slot = 0; slot < slotCount; slot++)
        {
            var active = new long[days.Count];
            long running = 0;
            for (var d = 0; d < days.Count; d++)
            {
                running += diff[(slot * stride) + d];
                active[d] = running;
            }

            for (var p = 0; p < shape.Periods.Length; p++)
            {
                var buckets = shape.Periods[p];
                var group = (p * slotCount) + slot;
                for (var b = 0; b < buckets.Count; b++)
                {
                    result.Values[(group * shape.Width) + b] = active[days.IndexOf(buckets.Bounds[b])];
                }

                result.Totals[group] = totals[group];
            }
        }

        return result;
    }

    private static void SumCounts(List<SeriesWorker> workers, SeriesResult result)
    {
        foreach (var worker in workers)
        {
            for (var cell = 0; cell < worker.Counts.Length; cell++)
            {
                result.Values[cell] += worker.Counts[cell];
            }
        }

        for (var g = 0; g < result.Groups; g++)
        {
            double sum = 0;
            for (var b = 0; b < result.Width; b++)
            {
                sum += result.Values[(g * result.Width) + b];
            }

            result.Totals[g] = sum;
        }
    }

    private static void Statistics(List<SeriesWorker> workers, SeriesResult result, TrendMath math)
    {
        var cells = result.Values.Length;
        var sum = new double[cells];
        var n = new long[cells];
        var min = new double[cells];
        var max = new double[cells];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        foreach (var worker in workers)
        {
            for (var cell = 0; cell < cells; cell++)
            {
                sum[cell] += worker.Sum![cell];
                n[cell] += worker.N![cell];
                min[cell] = Math.Min(min[cell], worker.Min![cell]);
                max[cell] = Math.Max(max[cell], worker.Max![cell]);
            }
        }

        for (var g = 0; g < result.Groups; g++)
        {
            double groupSum = 0, groupMin = double.PositiveInfinity, groupMax = double.NegativeInfinity;
            long groupN = 0;
            for (var b = 0; b < result.Width; b++)
            {
                var cell = (g * result.Width) + b;
                groupSum += sum[cell];
                groupN += n[cell];
                groupMin = Math.Min(groupMin, min[cell]);
                groupMax = Math.Max(groupMax, max[cell]);
                result.Values[cell] = Statistic(math, sum[cell], n[cell], min[cell], max[cell]);
            }

            result.Totals[g] = Statistic(math, groupSum, groupN, groupMin, groupMax);
        }
    }

    private static double Statistic(TrendMath math, double sum, long n, double min, double max) => math switch
    {
        TrendMath.Sum => sum,
        _ when n == 0 => 0,
        TrendMath.Avg => sum / n,
        TrendMath.Min => min,
        _ => max,
    };

    private static void Quantiles(List<SeriesWorker> workers, SeriesResult result, double q)
    {
        var cells = result.Values.Length;
        var starts = new int[cells + 1];
        foreach (var worker in workers)
        {
            foreach (var cell in worker.ValueCells!)
            {
                starts[cell + 1]++;
            }
        }

        for (var cell = 0; cell < cells; cell++)
        {
            starts[cell + 1] += starts[cell];
        }

        var values = new double[starts[cells]];
        var fill = starts[..cells];
        foreach (var worker in workers)
        {
            for (var i = 0; i < worker.ValueCells!.Count; i++)
            {
                values[fill[worker.ValueCells[i]]++] = worker.Values![i];
            }
        }

        for (var g = 0; g < result.Groups; g++)
        {
            var groupStart = starts[g * result.Width];
            var groupEnd = starts[(g + 1) * result.Width];
            var group = values[groupStart..groupEnd];
            for (var b = 0; b < result.Width; b++)
            {
                var cell = (g * result.Width) + b;
                var span = values.AsSpan(starts[cell], starts[cell + 1] - starts[cell]);
                span.Sort();
                result.Values[cell] = TrendMaths.Quantile(span, q);
            }

            Array.Sort(group);
            result.Totals[g] = TrendMaths.Quantile(group, q);
        }
    }

    private static List<TrendLine> Lines(TrendsQuery query, SeriesPlan[] plans, SeriesResult[] results, Shape shape, Formula? formula)
    {
        var lines = new List<TrendLine>();
        var slots = shape.Slots;
        var used = new bool[slots.Count];
        foreach (var result in results)
        {
            for (var slot = 0; slot < used.Length; slot++)
            {
                used[slot] |= result.SlotUsed[slot];
            }
        }

        for (var p = 0; p < shape.Periods.Length; p++)
        {
            var buckets = shape.Periods[p];
            var labels = buckets.Labels();
            var compare = query.Compare ? (p == 0 ? "current" : "previous") : null;
            for (var slot = 0; slot < slots.Count; slot++)
            {
                var bucket = slots.Buckets[slot];
                if (shape.Values is not null && bucket.Kind != BreakdownBucketKind.Value && !used[slot])
                {
                    continue;
                }

                var group = (p * slots.Count) + slot;
                var breakdown = shape.Values is null ? null : bucket;
                if (formula is not null)
                {
                    var values = new double[buckets.Count];
                    for (var b = 0; b < values.Length; b++)
                    {
                        var cell = (group * shape.Width) + b;
                        values[b] = formula.Evaluate(s => results[s].Values[cell]);
                    }

                    lines.Add(new TrendLine
                    {
                        Label = formula.Text,
                        Series = -1,
                        Math = "formula",
                        Breakdown = breakdown,
                        Compare = compare,
                        Labels = labels,
                        Starts = buckets.Starts,
                        Values = values,
                        Total = formula.Evaluate(s => results[s].Totals[group]),
                    });
                    continue;
                }

                for (var s = 0; s < plans.Length; s++)
                {
                    var plan = plans[s];
                    lines.Add(new TrendLine
                    {
                        Label = plan.Series.Name ?? plan.Series.Event ?? "All events",
                        Series = s,
                        Event = plan.Series.Event,
                        Math = TrendMaths.Name(plan.Math),
                        Breakdown = breakdown,
                        Compare = compare,
                        Labels = labels,
                        Starts = buckets.Starts,
                        Values = results[s].Values.AsSpan(group * shape.Width, buckets.Count).ToArray(),
                        Total = results[s].Totals[group],
                    });
                }
            }
        }

        return lines;
    }

    private sealed record SeriesPlan(TrendSeries Series, TrendMath Math, EventFilter Filter, NumericProperty? Property);

    /// <summary>
    /// One series' event counts per (breakdown code, period, bucket), for breakdowns of plain counts: the
    /// volumes that choose the top values and the lines both come from this one pass over the rows.
    /// </summary>
    private sealed class CodeCounts(int width, int periods)
    {
        private readonly Dictionary<int, long[]> _cells = [];

        public static CodeCounts Scan(SeriesPlan plan, TimeBuckets[] periods, BreakdownValues values, QueryContext context)
        {
            var width = periods.Max(p => p.Count);
            var merged = new CodeCounts(width, periods.Length);
            var gate = new Lock();
            Parallel.ForEach(
                context.Snapshot.Segments,
                context.ParallelOptions,
                () => new CodeCountWorker(width * periods.Length, values.CodeSpace),
                (segment, _, worker) =>
                {
                    var codes = values.Bind(segment);
                    var timestamps = segment.Timestamps;
                    for (var p = 0; p < periods.Length; p++)
                    {
                        var buckets = periods[p];
                        var rows = worker.Rows(segment.RowCount);
                        if (plan.Filter.Evaluate(segment, buckets.Range, rows) == 0)
                        {
                            continue;
                        }

                        var offset = p * width;
                        for (var w = 0; w < rows.Length; w++)
                        {
                            var bits = rows[w];
                            while (bits != 0)
                            {
                                var row = (w << 6) + BitOperations.TrailingZeroCount(bits);
                                bits &= bits - 1;
                                worker.CellsOf(codes.CodeAt(row))[offset + buckets.IndexOf(timestamps[row])]++;
                            }
                        }
                    }

                    return worker;
                },
                worker =>
                {
                    lock (gate)
                    {
                        foreach (var (code, cells) in worker.All())
                        {
                            if (!merged._cells.TryGetValue(code, out var into))
                            {
                                merged._cells[code] = cells;
                                continue;
                            }

                            for (var i = 0; i < into.Length; i++)
                            {
                                into[i] += cells[i];
                            }
                        }
                    }
                });
            return merged;
        }

        /// <summary>Events per code in the current period (the first), summed over every series.</summary>
        public static long[] Volumes(CodeCounts[] series, int codeSpace)
        {
            var volumes = new long[Math.Max(codeSpace, series.SelectMany(s => s._cells.Keys).DefaultIfEmpty(0).Max() + 1)];
            foreach (var counts in series)
            {
                foreach (var (code, cells) in counts._cells)
                {
                    for (var b = 0; b < counts.Width; b++)
                    {
                        volumes[code] += cells[b];
                    }
                }
            }

            return volumes;
        }

        private int Width => width;

        /// <summary>The series' lines: each code's counts added into its slot, per period.</summary>
        public SeriesResult Fold(Shape shape)
        {
            var slotCount = shape.Slots.Count;
            var result = new SeriesResult(shape.Groups, shape.Width, slotCount);
            foreach (var (code, cells) in _cells)
            {
                var slot = shape.Slots.SlotOf(code);
                for (var p = 0; p < periods; p++)
                {
                    var group = (p * slotCount) + slot;
                    for (var b = 0; b < width; b++)
                    {
                        var count = cells[(p * width) + b];
                        if (count != 0)
                        {
                            result.Values[(group * shape.Width) + b] += count;
                            result.SlotUsed[slot] = true;
                        }
                    }
                }
            }

            for (var g = 0; g < result.Groups; g++)
            {
                double sum = 0;
                for (var b = 0; b < result.Width; b++)
                {
                    sum += result.Values[(g * result.Width) + b];
                }

                result.Totals[g] = sum;
            }

            return result;
        }
    }

    /// <summary>One worker's counts per code: a dense code → cells index, since codes are small integers.</summary>
    private sealed class CodeCountWorker(int cellsPerCode, int codeSpace) : RowsWorker
    {
        private int[] _index = Filled(codeSpace + 64);
        private readonly List<(int Code, long[] Cells)> _codes = [];
        private int _lastCode = -1;
        private long[]? _lastCells;

        public long[] CellsOf(int code)
        {
            // Rows come grouped by person, and a person's events mostly share a value: try the last code first.
            if (code == _lastCode)
            {
                return _lastCells!;
            }

            if (code >= _index.Length)
            {
                var grown = Filled(Math.Max(code + 1, _index.Length * 2));
                _index.CopyTo(grown, 0);
                _index = grown;
            }

            var at = _index[code];
            if (at < 0)
            {
                at = _codes.Count;
                _codes.Add((code, new long[cellsPerCode]));
                _index[code] = at;
            }

            _lastCode = code;
            _lastCells = _codes[at].Cells;
            return _lastCells;
        }

        public IEnumerable<(int Code, long[] Cells)> All() => _codes;

        private static int[] Filled(int length)
        {
            var index = new int[length];
            Array.Fill(index, -1);
            return index;
        }
    }

    /// <summary>Cells are (period × slot) groups of <see cref="Width"/> buckets each.</summary>
    private sealed class Shape(TimeBuckets[] periods, BreakdownSlots slots, BreakdownValues? values)
    {
        public TimeBuckets[] Periods { get; } = periods;

        public BreakdownSlots Slots { get; } = slots;

        public BreakdownValues? Values { get; } = values;

        public int Width { get; } = periods.Max(p => p.Count);

        public int Groups => Periods.Length * Slots.Count;
    }

    private sealed class SeriesResult(int groups, int width, int slots)
    {
        public int Groups { get; } = groups;

        public int Width { get; } = width;

        public double[] Values { get; } = new double[groups * width];

        public double[] Totals { get; } = new double[groups];

        public bool[] SlotUsed { get; } = new bool[slots];
    }

    private abstract class RowsWorker
    {
        private ulong[] _rows = [];

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

    private sealed class VolumeWorker(int codes) : RowsWorker
    {
        public long[] Counts { get; private set; } = new long[codes];

        public void Add(int code)
        {
            if (code >= Counts.Length)
            {
                var grown = Counts;
                Array.Resize(ref grown, Math.Max(code + 1, grown.Length * 2));
                Counts = grown;
            }

            Counts[code]++;
        }
    }

    private sealed class SeriesWorker : RowsWorker
    {
        public SeriesWorker(TrendMath math, int cells, int slots, PersonActivity.Marker? marker)
        {
            Marker = marker;
            Counts = new long[cells];
            SlotUsed = new bool[slots];
            if (math is TrendMath.Median or TrendMath.P90)
            {
                ValueCells = [];
                Values = [];
            }
            else if (TrendMaths.UsesProperty(math))
            {
                Sum = new double[cells];
                N = new long[cells];
                Min = new double[cells];
                Max = new double[cells];
                Array.Fill(Min, double.PositiveInfinity);
                Array.Fill(Max, double.NegativeInfinity);
            }
        }

        public long[] Counts { get; }

        public bool[] SlotUsed { get; }

        public PersonActivity.Marker? Marker { get; }

        public double[]? Sum { get; }

        public long[]? N { get; }

        public double[]? Min { get; }

        public double[]? Max { get; }

        public List<int>? ValueCells { get; }

        public List<double>? Values { get; }

        public void AddValue(int cell, double value)
        {
            if (ValueCells is not null)
            {
                ValueCells.Add(cell);
                Values!.Add(value);
                return;
            }

            Sum![cell] += value;
            N![cell]++;
            Min![cell] = Math.Min(Min[cell], value);
            Max![cell] = Math.Max(Max[cell], value);
        }
    }
}
