using System.Text.Json;
using Yunying.Core.Results;
using BreakdownSpec = Yunying.Analytics.Query.Breakdown;

namespace Yunying.Analytics.Query.Funnels;

/// <summary>
/// A funnel query checked and compiled against one snapshot: the filters that decide which rows the funnel
/// reads (each contributing its bits to a row's step mask: bit <c>k</c> for step <c>k</c>, bit
/// <c>20 + j</c> for exclusion <c>j</c>), the period, the window and the options.
/// </summary>
internal sealed class FunnelPlan
{
    public const int MinSteps = 2;
    public const int MaxSteps = 20;
    public const int MaxExclusions = 12;
    public const int ExclusionShift = MaxSteps;

    private FunnelPlan()
    {
    }

    public required FunnelQuery Query { get; init; }

    public required int StepCount { get; init; }

    public required FunnelOrder Order { get; init; }

    public required FunnelWindow Window { get; init; }

    public required long WindowMicros { get; init; }

    /// <summary>The period the first step must fall in.</summary>
    public required TimeRange Range { get; init; }

    /// <summary>The rows read: the period plus the window after it (inclusive).</summary>
    public required TimeRange Scan { get; init; }

    /// <summary>Distinct row filters and the mask bits each contributes (0 for strict funnels' "any other event").</summary>
    public required EventFilter[] Filters { get; init; }

    public required uint[] FilterBits { get; init; }

    /// <summary>Mask of every step bit.</summary>
    public uint StepBits => (1u << StepCount) - 1;

    public required (int From, int To)[] Exclusions { get; init; }

    public required BreakdownValues? Link { get; init; }

    public required BreakdownValues? Breakdown { get; init; }

    public required FunnelAttribution Attribution { get; init; }

    public required int AttributionStep { get; init; }

    public required TimeBuckets? Trend { get; init; }

    public required (int From, int To, int Bins)? Histogram { get; init; }

    public static Result<FunnelPlan> Compile(FunnelQuery query, QueryContext context)
    {
        var steps = query.Steps ?? [];
        if (steps.Count is < MinSteps or > MaxSteps)
        {
            return QueryErrors.Invalid("steps", $"A funnel has {MinSteps} to {MaxSteps} steps, each an event (or any event) with its own filters.");
        }

        var k = steps.Count;
        var window = query.Window ?? FunnelWindow.Default;
        if (!Enum.IsDefined(window.Unit))
        {
            return QueryErrors.Invalid("window.unit", "window.unit is second, minute, hour, day, week or month.");
        }

        if (!window.IsValid)
        {
            return QueryErrors.Invalid("window.value", $"window.value is at least 1, and the window at most {FunnelWindow.MaxDays} days.");
        }

        if (!Enum.IsDefined(query.Order))
        {
            return QueryErrors.Invalid("order", "order is ordered, strict or unordered.");
        }

        var range = context.ResolveRange(query.DateRange);
        if (!range.IsSuccess)
        {
            return range.Error;
        }

        var exclusions = query.Exclusions ?? [];
        if (exclusions.Count > MaxExclusions)
        {
            return QueryErrors.Invalid("exclusions", $"A funnel has at most {MaxExclusions} exclusion steps.");
        }

        var global = query.Properties ?? [];
        var filters = new List<EventFilter>();
        var bits = new List<uint>();
        var keys = new List<string>();
        Error? Add(string? eventName, IReadOnlyList<PropertyFilter>? own, uint bit, string field)
        {
            // Steps (or exclusions) asking for the same rows share one filter: one scan, several bits.
            var key = JsonSerializer.Serialize(new { e = eventName ?? string.Empty, p = own ?? [] }, QueryJson.Options);
            var at = keys.IndexOf(key);
            if (at >= 0)
            {
                bits[at] |= bit;
                return null;
            }

            var compiled = EventFilter.Compile(context, eventName, global, own, field);
            if (!compiled.IsSuccess)
            {
                return compiled.Error;
            }

            filters.Add(compiled.Value);
            bits.Add(bit);
            keys.Add(key);
            return null;
        }

        for (var i = 0; i < k; i++)
        {
            if (steps[i] is not { } step)
            {
                return QueryErrors.Invalid($"steps[{i}]", "A step cannot be null.");
            }

            if (Add(step.Event, step.Properties, 1u << i, $"steps[{i}].properties") is { } error)
            {
                return error;
            }
        }

        var pairs = new (int From, int To)[exclusions.Count];
        for (var j = 0; j < exclusions.Count; j++)
        {
            if (exclusions[j] is not { } exclusion)
            {
                return QueryErrors.Invalid($"exclusions[{j}]", "An exclusion step cannot be null.");
            }

            var to = exclusion.ToStep ?? (k - 1);
            if (exclusion.FromStep < 0 || exclusion.FromStep >= k - 1)
            {
                return QueryErrors.Invalid($"exclusions[{j}].fromStep", $"fromStep is a step before the last (0 to {k - 2}).");
            }

            if (to <= exclusion.FromStep || to >= k)
            {
                return QueryErrors.Invalid($"exclusions[{j}].toStep", $"toStep is a step after fromStep ({exclusion.FromStep + 1} to {k - 1}).");
            }

            pairs[j] = (exclusion.FromStep, to);
            if (Add(exclusion.Event, exclusion.Properties, 1u << (ExclusionShift + j), $"exclusions[{j}].properties") is { } error)
            {
                return error;
            }
        }

        if (query.Order == FunnelOrder.Strict && Add(null, null, 0, "properties") is { } otherError)
        {
            return otherError;
        }

        BreakdownValues? link = null;
        if (query.LinkProperty is { } linkProperty)
        {
            if (string.IsNullOrWhiteSpace(linkProperty))
            {
                return QueryErrors.Invalid("linkProperty", "linkProperty names the event property every step of a conversion shares, e.g. product_id.");
            }

            var compiled = BreakdownValues.Compile(context, new BreakdownSpec(linkProperty));
            if (!compiled.IsSuccess)
            {
                return compiled.Error;
            }

            link = compiled.Value;
        }

        BreakdownValues? breakdown = null;
        if (query.Breakdown is { } wanted)
        {
            var compiled = BreakdownValues.Compile(context, wanted);
            if (!compiled.IsSuccess)
            {
                return compiled.Error;
            }

            breakdown = compiled.Value;
        }

        if (!Enum.IsDefined(query.Attribution))
        {
            return QueryErrors.Invalid("attribution", "attribution is first_touch, last_touch or step.");
        }

        var attributionStep = 0;
        if (query.Attribution == FunnelAttribution.Step)
        {
            if (query.AttributionStep is not { } n || n < 0 || n >= k)
            {
                return QueryErrors.Invalid("attributionStep", $"Attribution 'step' needs attributionStep: the step (0 to {k - 1}) whose event gives the breakdown value.");
            }

            attributionStep = n;
        }

        TimeBuckets? trend = null;
        if (query.Trend is { } trendOptions)
        {
            if (!Enum.IsDefined(trendOptions.Interval))
            {
                return QueryErrors.Invalid("trend.interval", "trend.interval is hour, day, week or month.");
            }

            var buckets = TimeBuckets.Create(context.Calendar, range.Value, trendOptions.Interval);
            if (!buckets.IsSuccess)
            {
                return buckets.Error;
            }

            trend = buckets.Value;
        }

        (int, int, int)? histogram = null;
        if (query.TimeToConvert is { } time)
        {
            var to = time.ToStep ?? (k - 1);
            if (time.FromStep < 0 || time.FromStep >= k - 1)
            {
                return QueryErrors.Invalid("timeToConvert.fromStep", $"timeToConvert.fromStep is a step before the last (0 to {k - 2}).");
            }

            if (to <= time.FromStep || to >= k)
            {
                return QueryErrors.Invalid("timeToConvert.toStep", $"timeToConvert.toStep is a step after fromStep ({time.FromStep + 1} to {k - 1}).");
            }

            if (time.Bins is < 1 or > FunnelTimeToConvert.MaxBins)
            {
                return QueryErrors.Invalid("timeToConvert.bins", $"timeToConvert.bins is between 1 and {FunnelTimeToConvert.MaxBins}.");
            }

            histogram = (time.FromStep, to, time.Bins);
        }

        if (query.People is { } people)
        {
            if (people.Step < 0 || people.Step >= k || (people.Dropped && people.Step == 0))
            {
                return QueryErrors.Invalid("people.step", people.Dropped
                    ? $"people.step is a step after the first (1 to {k - 1}) for dropped persons."
                    : $"people.step is a step of the funnel (0 to {k - 1}).");
            }

            if (people.Limit is < 1 or > FunnelPeopleOptions.MaxLimit)
            {
                return QueryErrors.Invalid("people.limit", $"people.limit is between 1 and {FunnelPeopleOptions.MaxLimit}.");
            }

            if (people.Offset < 0)
            {
                return QueryErrors.Invalid("people.offset", "people.offset is 0 or more.");
            }
        }

        var windowMicros = window.Micros;
        return new FunnelPlan
        {
            Query = query,
            StepCount = k,
            Order = query.Order,
            Window = window,
            WindowMicros = windowMicros,
            Range = range.Value,
            Scan = new TimeRange(range.Value.From, range.Value.To + windowMicros + 1),
            Filters = [.. filters],
            FilterBits = [.. bits],
            Exclusions = pairs,
            Link = link,
            Breakdown = breakdown,
            Attribution = query.Attribution,
            AttributionStep = attributionStep,
            Trend = trend,
            Histogram = histogram,
        };
    }
}
