using System.Numerics;
using System.Text.Json;
using Yunying.Core.Results;

namespace Yunying.Analytics.Query.Retention;

/// <summary>
/// Retention: one timeline of whole intervals from the first cohort to the last period followed, each
/// person's return activity as one row of bits over it (<see cref="PersonBits"/>), and the cohorts as bits
/// too (or, for <c>first_time</c>, the interval of each person's earliest start event ever). Counting is then
/// per person: for each cohort bit, the return bits shifted by the cohort's position.
/// </summary>
internal static class RetentionAnalysis
{
    public const int MaxPeriods = 90;

    public const int MaxCohorts = 366;

    public static Result<AnalyticsResult> Run(RetentionQuery query, QueryContext context)
    {
        if (WholeIntervals.Check(query.Period, "period") is { } badPeriod)
        {
            return badPeriod;
        }

        if (query.Periods is < 1 or > MaxPeriods)
        {
            return QueryErrors.Invalid("periods", $"periods is between 1 and {MaxPeriods}.");
        }

        var start = Compile(context, query.StartEvent, query.Properties, "startEvent");
        if (!start.IsSuccess)
        {
            return start.Error;
        }

        var back = Compile(context, query.ReturnEvent, query.Properties, "returnEvent");
        if (!back.IsSuccess)
        {
            return back.Error;
        }

        var calendar = context.Calendar;
        var period = query.Period;
        var range = context.ResolveRange(query.DateRange, WholeIntervals.DefaultFrom(period));
        if (!range.IsSuccess)
        {
            return range.Error;
        }

        var cohortRange = WholeIntervals.Widen(calendar, range.Value, period);
        var cohortBuckets = TimeBuckets.Create(calendar, cohortRange, period);
        if (!cohortBuckets.IsSuccess)
        {
            return cohortBuckets.Error;
        }

        var cohortCount = cohortBuckets.Value.Count;
        if (cohortCount > MaxCohorts)
        {
            return QueryErrors.TooLarge($"A retention query has at most {MaxCohorts} cohorts; choose a wider period or a shorter range.");
        }

        var periods = query.Periods ?? DefaultPeriods(calendar, cohortRange.From, period, context.Now);
        var timelineEnd = WholeIntervals.After(calendar, cohortRange.From, period, cohortCount + periods);
        var created = TimeBuckets.Create(calendar, new TimeRange(cohortRange.From, timelineEnd), period);
        if (!created.IsSuccess)
        {
            return created.Error;
        }

        var timeline = created.Value;
        BreakdownValues? values = null;
        var slots = BreakdownSlots.Single;
        long[] slotVolumes = [0];
        if (query.Breakdown is { } breakdown)
        {
            var compiled = BreakdownValues.Compile(context, breakdown);
            if (!compiled.IsSuccess)
            {
                return compiled.Error;
            }

            values = compiled.Value;
            var volumes = StartVolumes(context, start.Value, values, cohortRange);
            slots = BreakdownSlots.Select(values, volumes);
            slotVolumes = new long[slots.Count];
            for (var code = 0; code < volumes.Length; code++)
            {
                slotVolumes[slots.SlotOf(code)] += volumes[code];
            }
        }

        Target? target = null;
        if (query.People is { } people)
        {
            var chosen = Choose(people, query, cohortBuckets.Value, periods, slots);
            if (!chosen.IsSuccess)
            {
                return chosen.Error;
            }

            target = chosen.Value;
        }

        var shape = new Shape(cohortCount, periods, slots.Count, query.ReturnMode, target);
        var returns = PersonBits.Create(context.PersonSpace, timeline.Count);
        if (!returns.IsSuccess)
        {
            return returns.Error;
        }

        var firstTime = query.RetentionType == RetentionType.FirstTime;
        var same = SameEvent(query.StartEvent, query.ReturnEvent);
        var first = firstTime ? ActivityScan.NewFirstTimes(context.PersonSpace) : null;
        if (firstTime && same)
        {
            ActivityScan.Run(context, start.Value, ActivityScan.AllTime, timeline, returns.Value, first);
        }
        else
        {
            ActivityScan.Run(context, back.Value, timeline.Range, timeline, returns.Value, null);
            if (firstTime)
            {
                ActivityScan.Run(context, start.Value, ActivityScan.AllTime, null, null, first);
            }
        }

        context.CancellationToken.ThrowIfCancellationRequested();
        Counts counts;
        if (values is null)
        {
            PersonBits? starts = null;
            if (!firstTime && !same)
            {
                var startBits = PersonBits.Create(context.PersonSpace, timeline.Count);
                if (!startBits.IsSuccess)
                {
                    return startBits.Error;
                }

                starts = startBits.Value;
                ActivityScan.Run(context, start.Value, cohortRange, timeline, starts, null);
            }

            counts = CountWithoutBreakdown(context, shape, timeline, returns.Value, starts, first);
        }
        else
        {
            var activity = PersonActivity.Create(slots.Count, cohortCount, context.PersonSpace);
            if (!activity.IsSuccess)
            {
                return activity.Error;
            }

            MarkStarts(context, start.Value, cohortRange, timeline, values, slots, activity.Value);
            counts = CountByBreakdown(shape, timeline, returns.Value, activity.Value, first);
        }

        return new RetentionResult
        {
            TimeZone = calendar.ZoneId,
            From = calendar.ToOffset(cohortRange.From),
            To = calendar.ToOffset(cohortRange.To),
            Period = period,
            RetentionType = query.RetentionType,
            ReturnMode = query.ReturnMode,
            Periods = periods,
            Matrices = Matrices(shape, counts, timeline, cohortBuckets.Value, slots, values is null ? null : slotVolumes, context.Now),
            People = query.People is { } options ? Page(options, counts, context) : null,
        };
    }

    /// <summary>Checks a <c>people</c> option and finds its cell (slot -1: a breakdown bucket the answer does not hold).</summary>
    private static Result<Target> Choose(RetentionPeopleOptions people, RetentionQuery query, TimeBuckets cohorts, int periods, BreakdownSlots slots)
    {
        if (people.Breakdown is not null && query.Breakdown is null)
        {
            return QueryErrors.Invalid("people.breakdown", "people.breakdown names a breakdown bucket; the query has no breakdown.");
        }

        var cohort = Array.IndexOf(cohorts.Labels(), people.Cohort);
        if (cohort < 0)
        {
            return QueryErrors.Invalid("people.cohort", $"people.cohort '{people.Cohort}' is not a cohort of the answer; use one of its labels ({cohorts.Label(0)} … {cohorts.Label(cohorts.Count - 1)}).");
        }

        if (people.Period < 0 || people.Period > periods)
        {
            return QueryErrors.Invalid("people.period", $"people.period is a period of the answer (0 to {periods}).");
        }

        if (PersonPage.Check(people.Limit, people.Offset) is { } bad)
        {
            return bad;
        }

        var slot = 0;
        if (people.Breakdown is { } wanted)
        {
            slot = -1;
            for (var s = 0; s < slots.Count; s++)
            {
                if (slots.Buckets[s] == wanted)
                {
                    slot = s;
                }
            }
        }

        return new Target(slot, cohort, people.Period);
    }

    private static RetentionPeople Page(RetentionPeopleOptions options, Counts counts, QueryContext context)
    {
        var (total, page) = PersonPage.Take(counts.People, context, options.Offset, options.Limit);
        return new RetentionPeople
        {
            Cohort = options.Cohort,
            Period = options.Period,
            Breakdown = options.Breakdown,
            Total = total,
            Offset = options.Offset,
            PersonIds = page,
        };
    }

    private static Result<EventFilter> Compile(QueryContext context, RetentionEvent? entity, IReadOnlyList<PropertyFilter>? common, string field) =>
        EventFilter.Compile(context, entity?.Event, common, entity?.Properties, $"{field}.properties");

    /// <summary>Whether the start and return events select the same rows (then one scan serves both).</summary>
    private static bool SameEvent(RetentionEvent? a, RetentionEvent? b) =>
        string.Equals(a?.Event ?? string.Empty, b?.Event ?? string.Empty, StringComparison.Ordinal)
        && JsonSerializer.Serialize(a?.Properties ?? [], QueryJson.Options) == JsonSerializer.Serialize(b?.Properties ?? [], QueryJson.Options);

    /// <summary>As many periods as the oldest cohort has begun by <paramref name="now"/> (at least 1, at most <see cref="MaxPeriods"/>).</summary>
    private static int DefaultPeriods(ZonedCalendar calendar, long firstCohort, Interval period, long now)
    {
        var reached = 0;
        while (reached < MaxPeriods && WholeIntervals.After(calendar, firstCohort, period, reached + 1) <= now)
        {
            reached++;
        }

        return Math.Max(1, reached);
    }

    /// <summary>Start events per breakdown code in the cohort intervals: what ranks the breakdown values.</summary>
    private static long[] StartVolumes(QueryContext context, EventFilter start, BreakdownValues values, TimeRange range)
    {
        var total = new long[values.CodeSpace];
        var gate = new Lock();
        Parallel.ForEach(
            context.Snapshot.Segments,
            context.ParallelOptions,
            () => new CodeCounter(values.CodeSpace),
            (segment, _, worker) =>
            {
                var rows = worker.Rows(segment.RowCount);
                if (start.Evaluate(segment, range, rows) == 0)
                {
                    return worker;
                }

                var codes = values.Bind(segment);
                for (var w = 0; w < rows.Length; w++)
                {
                    var bits = rows[w];
                    while (bits != 0)
                    {
                        worker.Add(codes.CodeAt((w << 6) + BitOperations.TrailingZeroCount(bits)));
                        bits &= bits - 1;
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

    /// <summary>Marks (breakdown slot, person, cohort) for every start event in the cohort intervals.</summary>
    private static void MarkStarts(QueryContext context, EventFilter start, TimeRange range, TimeBuckets timeline, BreakdownValues values, BreakdownSlots slots, PersonActivity activity)
    {
        Parallel.ForEach(
            context.Snapshot.Segments,
            context.ParallelOptions,
            () => (Rows: new CodeCounter(0), Marker: activity.CreateMarker()),
            (segment, _, worker) =>
            {
                var rows = worker.Rows.Rows(segment.RowCount);
                if (start.Evaluate(segment, range, rows) == 0)
                {
                    return worker;
                }

                var codes = values.Bind(segment);
                var timestamps = segment.Timestamps;
                var ordinals = segment.DistinctOrdinals;
                for (var w = 0; w < rows.Length; w++)
                {
                    var bits = rows[w];
                    while (bits != 0)
                    {
                        var row = (w << 6) + BitOperations.TrailingZeroCount(bits);
                        bits &= bits - 1;
                        worker.Marker.Mark(slots.SlotOf(codes.CodeAt(row)), context.PersonOf(ordinals[row]), timeline.IndexOf(timestamps[row]));
                    }
                }

                return worker;
            },
            _ => { });
    }

    private static Counts CountWithoutBreakdown(QueryContext context, Shape shape, TimeBuckets timeline, PersonBits returns, PersonBits? starts, long[]? first)
    {
        var total = new Counts(shape);
        var gate = new Lock();
        var cohortWords = (shape.Cohorts + 63) >> 6;
        var chunk = Math.Max(4096, context.PersonSpace / (Environment.ProcessorCount * 8));
        var chunks = (context.PersonSpace + chunk - 1) / chunk;
        Parallel.For(
            0,
            chunks,
            context.ParallelOptions,
            () => new PersonWorker(shape),
            (index, _, worker) =>
            {
                var end = Math.Min(context.PersonSpace, (index + 1) * chunk);
                for (var person = index * chunk; person < end; person++)
                {
                    if (first is not null)
                    {
                        var cohort = timeline.IndexOf(first[person]);
                        if ((uint)cohort < (uint)shape.Cohorts)
                        {
                            worker.Add(0, cohort, returns.Row(person), person);
                        }

                        continue;
                    }

                    // Recurring: the cohort bits are the start rows' bits (or, with one event for both, the
                    // return bits themselves) below the first return-only interval.
                    var cohortBits = (starts ?? returns).Row(person);
                    for (var w = 0; w < cohortWords; w++)
                    {
                        var bits = cohortBits[w];
                        if (w == cohortWords - 1 && (shape.Cohorts & 63) != 0)
                        {
                            bits &= (1UL << shape.Cohorts) - 1;
                        }

                        while (bits != 0)
                        {
                            worker.Add(0, (w << 6) + BitOperations.TrailingZeroCount(bits), returns.Row(person), person);
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
                    total.Merge(worker.Counts);
                }
            });
        return total;
    }

    private static Counts CountByBreakdown(Shape shape, TimeBuckets timeline, PersonBits returns, PersonActivity starts, long[]? first)
    {
        var worker = new PersonWorker(shape);
        starts.VisitPersons((slot, person, cohorts) =>
        {
            var only = first is null ? -1 : timeline.IndexOf(first[person]);
            foreach (var cohort in cohorts)
            {
                if (first is null || cohort == only)
                {
                    worker.Add(slot, cohort, returns.Row(person), person);
                }
            }
        });
        return worker.Counts;
    }

    private static List<RetentionMatrix> Matrices(Shape shape, Counts counts, TimeBuckets timeline, TimeBuckets cohorts, BreakdownSlots slots, long[]? slotVolumes, long now)
    {
        var matrices = new List<RetentionMatrix>();
        for (var slot = 0; slot < slots.Count; slot++)
        {
            var bucket = slots.Buckets[slot];
            if (slotVolumes is not null && bucket.Kind != BreakdownBucketKind.Value && slotVolumes[slot] == 0)
            {
                continue;
            }

            var rows = new List<RetentionCohort>();
            var meanCohorts = new int[shape.Periods + 1];
            var meanSize = new long[shape.Periods + 1];
            var meanRetained = new long[shape.Periods + 1];
            for (var c = 0; c < shape.Cohorts; c++)
            {
                var size = counts.Size[(slot * shape.Cohorts) + c];
                var retained = counts.Retained(slot, c);
                var reached = 0;
                while (reached <= shape.Periods && timeline.Bounds[c + reached] < now)
                {
                    reached++;
                }

                var valuesOut = new long[reached];
                var percentages = new double[reached];
                for (var k = 0; k < reached; k++)
                {
                    valuesOut[k] = retained[k];
                    percentages[k] = size == 0 ? 0 : 100.0 * retained[k] / size;
                    if (timeline.Bounds[c + k + 1] <= now)
                    {
                        meanCohorts[k]++;
                        meanSize[k] += size;
                        meanRetained[k] += retained[k];
                    }
                }

                rows.Add(new RetentionCohort
                {
                    Label = cohorts.Label(c),
                    Start = cohorts.Starts[c],
                    Size = size,
                    Values = valuesOut,
                    Percentages = percentages,
                    LastIncomplete = reached > 0 && timeline.Bounds[c + reached] > now,
                });
            }

            var mean = new RetentionMean[shape.Periods + 1];
            for (var k = 0; k <= shape.Periods; k++)
            {
                mean[k] = new RetentionMean(k, meanCohorts[k], meanSize[k], meanRetained[k], meanSize[k] == 0 ? null : 100.0 * meanRetained[k] / meanSize[k]);
            }

            matrices.Add(new RetentionMatrix { Breakdown = slotVolumes is null ? null : bucket, Cohorts = rows, Mean = mean });
        }

        return matrices;
    }

    private sealed record Shape(int Cohorts, int Periods, int Slots, RetentionReturn Mode, Target? Drill);

    /// <summary>The cell whose persons the query lists.</summary>
    private sealed record Target(int Slot, int Cohort, int Period);

    /// <summary>Cohort sizes per (slot, cohort) and, per (slot, cohort, period), returns (or, for on_or_after, last returns).</summary>
    private sealed class Counts(Shape shape)
    {
        public Shape Shape { get; } = shape;

        public long[] Size { get; } = new long[shape.Slots * shape.Cohorts];

        public long[] Cells { get; } = new long[shape.Slots * shape.Cohorts * (shape.Periods + 1)];

        /// <summary>The persons of the <see cref="Shape.Drill"/> cell.</summary>
        public List<int> People { get; } = [];

        public void Merge(Counts other)
        {
            People.AddRange(other.People);
            for (var i = 0; i < Size.Length; i++)
            {
                Size[i] += other.Size[i];
            }

            for (var i = 0; i < Cells.Length; i++)
            {
                Cells[i] += other.Cells[i];
            }
        }

        /// <summary>Retained persons per period 0 … N of one cohort.</summary>
        public long[] Retained(int slot, int cohort)
        {
            var width = Shape.Periods + 1;
            var index = (slot * Shape.Cohorts) + cohort;
            var cells = Cells.AsSpan(index * width, width);
            var retained = new long[width];
            if (Shape.Mode == RetentionReturn.On)
            {
                cells.CopyTo(retained);
            }
            else
            {
                // Cells hold each person's last return period: "N or later" is the sum from N on.
                long running = 0;
                for (var k = Shape.Periods; k >= 1; k--)
                {
                    running += cells[k];
                    retained[k] = running;
                }
            }

            retained[0] = Size[index];
            return retained;
        }
    }

    private sealed class PersonWorker(Shape shape)
    {
        public Counts Counts { get; } = new(shape);

        /// <summary>Counts one person in (<paramref name="slot"/>, <paramref name="cohort"/>) with their return bits.</summary>
        public void Add(int slot, int cohort, ReadOnlySpan<ulong> returnBits, int person)
        {
            if (shape.Drill is { } drill && drill.Slot == slot && drill.Cohort == cohort && Returned(drill.Period, cohort, returnBits))
            {
                Counts.People.Add(person);
            }

            var index = (slot * shape.Cohorts) + cohort;
            Counts.Size[index]++;
            var width = shape.Periods + 1;
            var cells = Counts.Cells.AsSpan(index * width, width);
            var low = cohort + 1;
            var high = cohort + shape.Periods;
            var last = 0;
            for (var w = low >> 6; w <= high >> 6 && w < returnBits.Length; w++)
            {
                var bits = returnBits[w];
                while (bits != 0)
                {
                    var bucket = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    if (bucket < low)
                    {
                        continue;
                    }

                    if (bucket > high)
                    {
                        break;
                    }

                    if (shape.Mode == RetentionReturn.On)
                    {
                        cells[bucket - cohort]++;
                    }
                    else
                    {
                        last = bucket - cohort;
                    }
                }
            }

            if (last > 0)
            {
                cells[last]++;
            }
        }

        /// <summary>Whether a person of <paramref name="cohort"/> counts in <paramref name="period"/> (0: always; else returned then, or then or later).</summary>
        private bool Returned(int period, int cohort, ReadOnlySpan<ulong> returnBits)
        {
            if (period == 0)
            {
                return true;
            }

            var low = cohort + period;
            var high = shape.Mode == RetentionReturn.On ? low : cohort + shape.Periods;
            for (var bucket = low; bucket <= high; bucket++)
            {
                if ((bucket >> 6) < returnBits.Length && (returnBits[bucket >> 6] & (1UL << bucket)) != 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    private sealed class CodeCounter(int codes)
    {
        private ulong[] _rows = [];

        public long[] Counts { get; private set; } = new long[codes];

        public Span<ulong> Rows(int rowCount)
        {
            var words = RowBits.Words(rowCount);
            if (_rows.Length < words)
            {
                _rows = new ulong[words];
            }

            return _rows.AsSpan(0, words);
        }

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
}
