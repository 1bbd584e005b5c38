using System.Buffers.Binary;
using Yunying.Core.Results;

namespace Yunying.Analytics.Query.Funnels;

/// <summary>
/// Funnels: gather the rows of the steps and exclusions into flat columns grouped by person
/// (<see cref="FunnelEvents"/>), find every person's best attempt on all cores (<see cref="FunnelMatcher"/>),
/// then count, time and split the outcomes.
/// </summary>
internal static class FunnelAnalysis
{
    private const double MicrosPerSecond = 1_000_000d;

    public static Result<AnalyticsResult> Run(FunnelQuery query, QueryContext context)
    {
        var compiled = FunnelPlan.Compile(query, context);
        if (!compiled.IsSuccess)
        {
            return compiled.Error;
        }

        var plan = compiled.Value;
        if (query.People?.Breakdown is not null && plan.Breakdown is null)
        {
            return QueryErrors.Invalid("people.breakdown", "people.breakdown names a breakdown bucket; the query has no breakdown.");
        }

        var events = FunnelEvents.Gather(plan, context);
        if (!events.IsSuccess)
        {
            return events.Error;
        }

        var outcomes = Match(plan, events.Value, context);
        return Answer(plan, outcomes, events.Value.FirstStepOnly, context);
    }

    private static FunnelOutcomes[] Match(FunnelPlan plan, FunnelEvents events, QueryContext context)
    {
        // Many more ranges than cores, so a range of heavy persons does not leave a core idle at the end.
        var bounds = FunnelEvents.Partition(events.Start, Math.Max(1, context.ParallelOptions.MaxDegreeOfParallelism) * 16);
        var outcomes = new FunnelOutcomes[bounds.Length - 1];
        Parallel.For(
            0,
            outcomes.Length,
            context.ParallelOptions,
            () => new FunnelMatcher(plan, events),
            (i, _, matcher) =>
            {
                var output = new FunnelOutcomes(plan.StepCount);
                matcher.MatchRange(bounds[i], bounds[i + 1], output, context.CancellationToken);
                outcomes[i] = output;
                return matcher;
            },
            _ => { });
        return outcomes;
    }

    private static FunnelResult Answer(FunnelPlan plan, FunnelOutcomes[] outcomes, long firstStepOnly, QueryContext context)
    {
        var k = plan.StepCount;
        var slots = BreakdownSlots.Single;
        if (plan.Breakdown is { } values)
        {
            var volumes = new long[values.CodeSpace];
            foreach (var part in outcomes)
            {
                foreach (var code in part.Code)
                {
                    volumes[code]++;
                }
            }

            slots = BreakdownSlots.Select(values, volumes);
        }

        var groups = new GroupTotals[slots.Count];
        for (var s = 0; s < groups.Length; s++)
        {
            groups[s] = new GroupTotals(k, plan);
        }

        groups[0].AddFirstStepOnly(firstStepOnly);
        foreach (var part in outcomes)
        {
            var reached = part.Reached;
            var codes = part.Code;
            for (var i = 0; i < part.Count; i++)
            {
                groups[plan.Breakdown is null ? 0 : slots.SlotOf(codes[i])].Add(reached[i], part.Times(i));
            }

            var buckets = part.TrendBucket;
            var trendCodes = part.TrendCode;
            var trendReached = part.TrendReached;
            for (var i = 0; i < part.TrendCount; i++)
            {
                groups[plan.Breakdown is null ? 0 : slots.SlotOf(trendCodes[i])].AddTrend(buckets[i], trendReached[i] == k);
            }
        }

        var result = new List<FunnelGroup>();
        for (var s = 0; s < slots.Count; s++)
        {
            var bucket = slots.Buckets[s];
            if (plan.Breakdown is not null && bucket.Kind != BreakdownBucketKind.Value && !groups[s].Used)
            {
                continue;
            }

            result.Add(groups[s].ToGroup(plan, plan.Breakdown is null ? null : bucket));
        }

        return new FunnelResult
        {
            TimeZone = context.Calendar.ZoneId,
            From = context.Calendar.ToOffset(plan.Range.From),
            To = context.Calendar.ToOffset(plan.Range.To),
            Order = plan.Order,
            Window = plan.Window,
            Groups = result,
            People = plan.Query.People is { } people ? People(people, plan, slots, outcomes, context) : null,
        };
    }

    private static FunnelPeople People(FunnelPeopleOptions options, FunnelPlan plan, BreakdownSlots slots, FunnelOutcomes[] outcomes, QueryContext context)
    {
        var slot = -1;
        if (options.Breakdown is { } wanted)
        {
            for (var s = 0; s < slots.Count; s++)
            {
                if (slots.Buckets[s] == wanted)
                {
                    slot = s;
                }
            }
        }

        var ids = context.Persons.PersonIds;
        var keys = new List<UInt128>();
        var found = new List<Guid>();
        long total = 0;
        Span<byte> bytes = stackalloc byte[16];
        foreach (var part in outcomes)
        {
            var persons = part.Person;
            var reached = part.Reached;
            var codes = part.Code;
            for (var i = 0; i < part.Count; i++)
            {
                var matches = options.Dropped ? reached[i] == options.Step : reached[i] > options.Step;
                if (!matches || (options.Breakdown is not null && slots.SlotOf(codes[i]) != slot))
                {
                    continue;
                }

                total++;
                if (persons[i] < ids.Count)
                {
                    var id = ids[persons[i]];
                    id.TryWriteBytes(bytes, bigEndian: true, out _);
                    keys.Add(BinaryPrimitives.ReadUInt128BigEndian(bytes));
                    found.Add(id);
                }
            }
        }

        // Ordered as the ids' text sorts, so pages are stable from one snapshot to the next.
        var keyArray = keys.ToArray();
        var idArray = found.ToArray();
        Array.Sort(keyArray, idArray);
        var page = idArray.Skip(options.Offset).Take(options.Limit).ToArray();
        return new FunnelPeople
        {
            Step = options.Step,
            Dropped = options.Dropped,
            Breakdown = options.Breakdown is null ? null : options.Breakdown,
            Total = total,
            Offset = options.Offset,
            PersonIds = page,
        };
    }

    /// <summary>The counts, times and trend of one breakdown bucket.</summary>
    private sealed class GroupTotals
    {
        private readonly long[] _counts;
        private readonly List<long>[] _durations;
        private readonly List<long>? _histogram;
        private readonly (int From, int To, int Bins)? _histogramSteps;
        private readonly long[]? _entered;
        private readonly long[]? _converted;

        public GroupTotals(int steps, FunnelPlan plan)
        {
            _counts = new long[steps];
            _durations = new List<long>[steps];
            for (var k = 0; k < steps; k++)
            {
                _durations[k] = [];
            }

            _histogramSteps = plan.Histogram;
            _histogram = plan.Histogram is null ? null : [];
            if (plan.Trend is { } trend)
            {
                _entered = new long[trend.Count];
                _converted = new long[trend.Count];
            }
        }

        public bool Used { get; private set; }

        public void Add(int reached, ReadOnlySpan<long> times)
        {
            Used = true;
            for (var k = 0; k < reached; k++)
            {
                _counts[k]++;
                if (k > 0)
                {
                    _durations[k].Add(times[k] - times[k - 1]);
                }
            }

            if (_histogramSteps is { } h && reached > h.To)
            {
                _histogram!.Add(times[h.To] - times[h.From]);
            }
        }

        /// <summary>Persons who reached step 0 and no further, counted without their rows.</summary>
        public void AddFirstStepOnly(long persons)
        {
            Used |= persons > 0;
            _counts[0] += persons;
        }

        public void AddTrend(int bucket, bool converted)
        {
            Used = true;
            _entered![bucket]++;
            if (converted)
            {
                _converted![bucket]++;
            }
        }

        public FunnelGroup ToGroup(FunnelPlan plan, BreakdownBucket? bucket)
        {
            var steps = new FunnelStepResult[_counts.Length];
            var first = _counts[0];
            for (var k = 0; k < steps.Length; k++)
            {
                var previous = k == 0 ? first : _counts[k - 1];
                var (average, median) = Times(_durations[k]);
                var step = plan.Query.Steps[k];
                steps[k] = new FunnelStepResult
                {
                    Index = k,
                    Label = plan.Order == FunnelOrder.Unordered
                        ? (k == 0 ? "Completed 1 step" : $"Completed {k + 1} steps")
                        : step.Name ?? step.Event ?? "All events",
                    Event = plan.Order == FunnelOrder.Unordered ? null : step.Event,
                    Count = _counts[k],
                    ConversionRate = first == 0 ? 0 : (double)_counts[k] / first,
                    StepConversionRate = previous == 0 ? 0 : (double)_counts[k] / previous,
                    DroppedOff = previous - _counts[k],
                    AverageSeconds = k == 0 ? null : average,
                    MedianSeconds = k == 0 ? null : median,
                };
            }

            return new FunnelGroup
            {
                Breakdown = bucket,
                Steps = steps,
                TimeToConvert = _histogram is null ? null : Histogram(_histogram, _histogramSteps!.Value),
                Trend = plan.Trend is { } trend ? Trend(trend) : null,
            };
        }

        private FunnelTrend Trend(TimeBuckets trend) => new()
        {
            Interval = trend.Interval,
            Labels = trend.Labels(),
            Starts = trend.Starts,
            Entered = _entered!,
            Converted = _converted!,
            ConversionRates = [.. _entered!.Select((entered, b) => entered == 0 ? 0 : (double)_converted![b] / entered)],
        };

        private static FunnelHistogram Histogram(List<long> durations, (int From, int To, int Bins) steps)
        {
            var (average, median) = Times(durations);
            var bins = new List<FunnelHistogramBin>();
            if (durations.Count > 0)
            {
                var min = durations.Min();
                var max = durations.Max();
                var spread = max - min;
                var width = spread == 0 ? 1 : (spread + steps.Bins - 1) / steps.Bins;
                var shown = (int)Math.Min(steps.Bins, (spread / width) + 1);
                var counts = new long[shown];
                foreach (var d in durations)
                {
                    counts[Math.Min((d - min) / width, shown - 1)]++;
                }

                for (var b = 0; b < shown; b++)
                {
                    bins.Add(new FunnelHistogramBin((min + (b * width)) / MicrosPerSecond, (min + ((b + 1) * width)) / MicrosPerSecond, counts[b]));
                }
            }

            return new FunnelHistogram
            {
                FromStep = steps.From,
                ToStep = steps.To,
                Count = durations.Count,
                AverageSeconds = average,
                MedianSeconds = median,
                Bins = bins,
            };
        }

        /// <summary>Mean and median in seconds (null when empty); the sum is exact, the median interpolates between the closest ranks.</summary>
        private static (double? Average, double? Median) Times(List<long> durations)
        {
            if (durations.Count == 0)
            {
                return (null, null);
            }

            Int128 sum = 0;
            foreach (var d in durations)
            {
                sum += d;
            }

            // The two middle values by selection, not a sort: O(n) on the hundreds of thousands a large funnel has.
            var values = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(durations);
            var h = (values.Length - 1) * 0.5;
            var lo = (int)Math.Floor(h);
            var low = Select(values, lo);
            var high = low;
            if (lo + 1 < values.Length)
            {
                high = long.MaxValue;
                foreach (var d in values[(lo + 1)..])
                {
                    high = Math.Min(high, d);
                }
            }

            var median = low + ((h - lo) * (high - low));
            return ((double)sum / durations.Count / MicrosPerSecond, median / MicrosPerSecond);
        }

        /// <summary>
        /// Reorders <paramref name="values"/> so that the element at <paramref name="k"/> is the k-th smallest,
        /// everything before it no larger and everything after it no smaller (Hoare's selection), and returns it.
        /// </summary>
        private static long Select(Span<long> values, int k)
        {
            var left = 0;
            var right = values.Length - 1;
            while (left < right)
            {
                var pivot = values[left + ((right - left) >> 1)];
                var i = left;
                var j = right;
                while (i <= j)
                {
                    while (values[i] < pivot)
                    {
                        i++;
                    }

                    while (values[j] > pivot)
                    {
                        j--;
                    }

                    if (i <= j)
                    {
                        (values[i], values[j]) = (values[j], values[i]);
                        i++;
                        j--;
                    }
                }

                if (k <= j)
                {
                    right = j;
                }
                else if (k >= i)
                {
                    left = i;
                }
                else
                {
                    break;
                }
            }

            return values[k];
        }
    }
}
