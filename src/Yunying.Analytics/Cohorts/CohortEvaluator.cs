using Yunying.Analytics.Query;
using Yunying.Core.Results;

namespace Yunying.Analytics.Cohorts;

/// <summary>
/// Evaluates a cohort rule to the set of persons (of a query's person map) who match it now. "Last N days"
/// is the N × 24 hours before the query's instant (events after that instant are never read); lifecycle
/// intervals are the project's local calendar ones.
/// </summary>
internal sealed class CohortEvaluator(QueryContext context, Func<Guid, int, Result<PersonSet>> resolveCohort, int depth)
{
    private const long MicrosPerDay = 86_400_000_000L;
    private readonly int _space = context.PersonSpace;

    public Result<PersonSet> Evaluate(CohortRule rule) => rule switch
    {
        AllOfRule all => Combine(all.Rules, and: true),
        AnyOfRule any => Combine(any.Rules, and: false),
        NotRule not => Evaluate(not.Rule) is { IsSuccess: true } inner ? Complement(inner.Value) : Evaluate(not.Rule),
        PerformedRule performed => Performed(performed),
        SequenceRule sequence => Sequence(sequence),
        PersonPropertyRule property => Property(property),
        InCohortRule cohort => resolveCohort(cohort.Id, depth + 1),
        LifecycleRule lifecycle => Lifecycle(lifecycle),
        _ => Error.Validation("cohort.rule_invalid", "Unknown cohort rule.", "rule"),
    };

    private Result<PersonSet> Combine(IReadOnlyList<CohortRule> rules, bool and)
    {
        if (rules is null || rules.Count == 0)
        {
            return Error.Validation("cohort.rule_invalid", "'and' and 'or' need at least one rule in 'rules'.", "rule");
        }

        ulong[]? bits = null;
        foreach (var rule in rules)
        {
            var part = Evaluate(rule);
            if (!part.IsSuccess)
            {
                return part;
            }

            var words = part.Value.Bits;
            if (bits is null)
            {
                bits = new ulong[Words];
                words[..Math.Min(words.Length, bits.Length)].CopyTo(bits);
                continue;
            }

            for (var w = 0; w < bits.Length; w++)
            {
                var word = w < words.Length ? words[w] : 0;
                bits[w] = and ? bits[w] & word : bits[w] | word;
            }
        }

        return new PersonSet(bits!);
    }

    private int Words => (_space + 63) >> 6;

    private PersonSet Complement(PersonSet set)
    {
        var bits = new ulong[Words];
        var source = set.Bits;
        for (var w = 0; w < bits.Length; w++)
        {
            bits[w] = ~(w < source.Length ? source[w] : 0);
        }

        var extra = (bits.Length * 64) - _space;
        if (extra > 0)
        {
            bits[^1] &= ulong.MaxValue >> extra;
        }

        return new PersonSet(bits);
    }

    private Result<PersonSet> Performed(PerformedRule rule)
    {
        if (rule.LastDays is < 1 or > 3650 || rule.AtLeast < 0 || rule.AtMost < rule.AtLeast)
        {
            return Error.Validation("cohort.rule_invalid", "'performed' needs lastDays 1–3650, atLeast ≥ 0 and atMost ≥ atLeast.", "rule");
        }

        var counts = new int[_space];
        var scanned = Scan(rule.Event, rule.Filters, new TimeRange(context.Now - (rule.LastDays * MicrosPerDay), context.Now + 1), (person, _) => counts[person]++);
        if (!scanned.IsSuccess)
        {
            return scanned.Error;
        }

        return Members(p => counts[p] >= rule.AtLeast && (rule.AtMost is not { } most || counts[p] <= most));
    }

    private Result<PersonSet> Sequence(SequenceRule rule)
    {
        if (rule.LastDays is < 1 or > 3650 || rule.WithinDays is < 1 or > 3650)
        {
            return Error.Validation("cohort.rule_invalid", "'sequence' needs lastDays and withinDays of 1–3650.", "rule");
        }

        var from = context.Now - (rule.LastDays * MicrosPerDay);
        var window = rule.WithinDays * MicrosPerDay;
        var steps = new List<(int Person, long Time, bool First)>();
        var firsts = Scan(rule.First, null, new TimeRange(from, context.Now + 1), (person, time) => steps.Add((person, time, true)));
        if (!firsts.IsSuccess)
        {
            return firsts.Error;
        }

        var thens = Scan(rule.Then, null, new TimeRange(from, context.Now + 1), (person, time) => steps.Add((person, time, false)));
        if (!thens.IsSuccess)
        {
            return thens.Error;
        }

        // Per person in time order: a 'then' counts when the latest 'first' strictly before it is within the
        // window. At one instant the 'then' rows go first, so an event that is both (A then A) pairs with an
        // earlier one, never with itself.
        steps.Sort(static (a, b) => a.Person != b.Person ? a.Person.CompareTo(b.Person) : a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.First.CompareTo(b.First));
        var bits = new ulong[Words];
        var current = -1;
        var latestFirst = long.MinValue;
        foreach (var (person, time, first) in steps)
        {
            if (person != current)
            {
                current = person;
                latestFirst = long.MinValue;
            }

            if (first)
            {
                latestFirst = time;
            }
            else if (latestFirst != long.MinValue && time > latestFirst && time - latestFirst <= window)
            {
                bits[person >> 6] |= 1UL << person;
            }
        }

        return new PersonSet(bits);
    }

    private Result<PersonSet> Property(PersonPropertyRule rule)
    {
        var filter = new PropertyFilter(rule.Key, rule.Operator, rule.Value, PropertyScope.Person);
        if (string.IsNullOrWhiteSpace(rule.Key) || !FilterOperators.TryParse(rule.Operator, PropertyScope.Person, out var op))
        {
            return Error.Validation("cohort.rule_invalid", "'property' needs a key and a filter operator (exact, is_not, icontains, regex, gt, lt, between, is_set, …).", "rule");
        }

        var compiled = ValuePredicate.Compile(filter, op, "rule");
        if (!compiled.IsSuccess)
        {
            return compiled.Error;
        }

        var predicate = compiled.Value;
        var column = context.Persons.GetProperty(rule.Key);
        var count = context.Persons.PersonCount;
        return Members(p => p < count ? predicate.Test(column.Kinds[p], column.Strings[p], column.Numbers[p]) : predicate.MatchesMissing);
    }

    private Result<PersonSet> Lifecycle(LifecycleRule rule)
    {
        Interval interval;
        switch (rule.Interval)
        {
            case "day": interval = Interval.Day; break;
            case "week": interval = Interval.Week; break;
            case "month": interval = Interval.Month; break;
            default: return Error.Validation("cohort.rule_invalid", "'lifecycle' interval is day, week or month.", "rule");
        }

        if (rule.State is not ("new" or "returning" or "resurrecting" or "dormant"))
        {
            return Error.Validation("cohort.rule_invalid", "'lifecycle' state is new, returning, resurrecting or dormant.", "rule");
        }

        var calendar = context.Calendar;
        var thisStart = calendar.ToMicros(ZonedCalendar.IntervalStart(calendar.ToLocal(context.Now), interval));
        var previousStart = calendar.Shift(thisStart, interval, -1);
        var first = new long[_space];
        Array.Fill(first, long.MaxValue);
        var now = new bool[_space];
        var previous = new bool[_space];
        var scanned = Scan(null, null, new TimeRange(long.MinValue, context.Now + 1), (person, time) =>
        {
            if (time < first[person])
            {
                first[person] = time;
            }

            if (time >= thisStart)
            {
                now[person] = true;
            }
            else if (time >= previousStart)
            {
                previous[person] = true;
            }
        });
        if (!scanned.IsSuccess)
        {
            return scanned.Error;
        }

        return rule.State switch
        {
            "new" => Members(p => now[p] && first[p] >= thisStart),
            "returning" => Members(p => now[p] && previous[p]),
            "resurrecting" => Members(p => now[p] && !previous[p] && first[p] < previousStart),
            _ => Members(p => previous[p] && !now[p]),
        };
    }

    /// <summary>Calls <paramref name="row"/> with (person, time) for every event matching the event and filters in the range.</summary>
    private Result<bool> Scan(string? eventName, IReadOnlyList<PropertyFilter>? filters, TimeRange range, Action<int, long> row)
    {
        var compiled = EventFilter.Compile(context, eventName, filters, "rule.filters");
        if (!compiled.IsSuccess)
        {
            return compiled.Error;
        }

        var filter = compiled.Value;
        foreach (var segment in context.Snapshot.Segments)
        {
            var bits = new ulong[RowBits.Words(segment.RowCount)];
            if (filter.Evaluate(segment, range, bits) == 0)
            {
                continue;
            }

            var timestamps = segment.Timestamps;
            var ordinals = segment.DistinctOrdinals;
            for (var w = 0; w < bits.Length; w++)
            {
                var word = bits[w];
                while (word != 0)
                {
                    var r = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    row(context.PersonOf(ordinals[r]), timestamps[r]);
                }
            }
        }

        return true;
    }

    private PersonSet Members(Func<int, bool> test)
    {
        var bits = new ulong[Words];
        for (var p = 0; p < _space; p++)
        {
            if (test(p))
            {
                bits[p >> 6] |= 1UL << p;
            }
        }

        return new PersonSet(bits);
    }
}
