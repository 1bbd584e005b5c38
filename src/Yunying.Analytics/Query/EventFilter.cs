using Yunying.Core.Results;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Query;

/// <summary>
/// "Which rows count": an event name (or every event) plus property filters on the event, its person and
/// cohorts, compiled once per query against a snapshot's dictionaries. Event-property filters become
/// key ids and value ids (string tests are decided once per distinct value and remembered); person and
/// cohort filters become one bit per distinct id. <see cref="Evaluate"/> then writes a segment's row
/// bitmap from the integer columns and the kind bitmaps without allocating per row. Safe to use from
/// several threads at once.
/// </summary>
public sealed class EventFilter
{
    private readonly int _eventId;
    private readonly EventPropertyTest[] _tests;
    private readonly ulong[]? _distinctMask;

    private EventFilter(int eventId, EventPropertyTest[] tests, ulong[]? distinctMask, bool nothing)
    {
        _eventId = eventId;
        _tests = tests;
        _distinctMask = distinctMask;
        MatchesNothing = nothing;
    }

    /// <summary>True when no row can match (an event or a required property the project has never seen).</summary>
    public bool MatchesNothing { get; }

    /// <summary>The event id rows must have, or -1 for every event.</summary>
    public int EventId => _eventId;

    /// <summary>Whether person or cohort filters restrict the rows.</summary>
    public bool HasPersonFilter => _distinctMask is not null;

    /// <summary>
    /// Compiles the filter. <paramref name="eventName"/> null (or empty) means every event. <paramref name="field"/>
    /// names the filter list in error messages.
    /// </summary>
    public static Result<EventFilter> Compile(QueryContext context, string? eventName, IEnumerable<PropertyFilter>? filters, string field = "properties") =>
        Compile(context, eventName, null, filters, field);

    /// <summary>
    /// Compiles the query's own <paramref name="shared"/> filters (errors name <c>properties[i]</c>) and then a
    /// step's or series' <paramref name="filters"/> (errors name <c><paramref name="field"/>[j]</c>), all required.
    /// </summary>
    public static Result<EventFilter> Compile(
        QueryContext context, string? eventName, IReadOnlyList<PropertyFilter>? shared, IEnumerable<PropertyFilter>? filters, string field)
    {
        ArgumentNullException.ThrowIfNull(context);
        var snapshot = context.Snapshot;
        var nothing = false;
        var eventId = -1;
        if (!string.IsNullOrEmpty(eventName) && !snapshot.EventNames.TryGetId(eventName, out eventId))
        {
            nothing = true;
        }

        var tests = new List<EventPropertyTest>();
        ulong[]? personBits = null;
        var labelled = (shared ?? []).Select((f, i) => (Filter: f, Here: $"properties[{i}]"))
            .Concat((filters ?? []).Select((f, i) => (Filter: f, Here: $"{field}[{i}]")));
        foreach (var (filter, here) in labelled)
        {
            if (filter is null || string.IsNullOrWhiteSpace(filter.Key))
            {
                return QueryErrors.BadFilter(here, "A filter needs a 'key': the property name (or the cohort id).");
            }

            if (!FilterOperators.TryParse(filter.Operator, filter.Type, out var op))
            {
                return QueryErrors.BadFilter(here, filter.Type == PropertyScope.Cohort
                    ? $"'{filter.Operator}' is not a cohort operator; use in or not_in."
                    : $"'{filter.Operator}' is not a filter operator; use exact, is_not, icontains, not_icontains, regex, not_regex, gt, gte, lt, lte, between, not_between, is_set or is_not_set.");
            }

            if (filter.Type == PropertyScope.Cohort)
            {
                if (context.Cohorts is null)
                {
                    return QueryErrors.BadFilter(here, "Cohort filters are not available here.");
                }

                var members = context.Cohorts.Resolve(filter.Key, context);
                if (!members.IsSuccess)
                {
                    return members.Error;
                }

                var set = members.Value.Members;
                personBits = And(personBits, context.PersonSpace, p => set.Contains(p) == (op == FilterOperator.In));
                continue;
            }

            var compiled = ValuePredicate.Compile(filter, op, here);
            if (!compiled.IsSuccess)
            {
                return compiled.Error;
            }

            var predicate = compiled.Value;
            if (filter.Type == PropertyScope.Person)
            {
                var column = context.Persons.GetProperty(filter.Key);
                var personCount = context.Persons.PersonCount;
                personBits = And(personBits, context.PersonSpace, p => p < personCount
                    ? predicate.Test(column.Kinds[p], column.Strings[p], column.Numbers[p])
                    : predicate.MatchesMissing);
                continue;
            }

            if (!snapshot.PropertyKeys.TryGetId(filter.Key, out var keyId))
            {
                nothing |= !predicate.MatchesMissing;
                continue; // no event has the key: every row is "missing"
            }

            tests.Add(new EventPropertyTest(keyId, predicate, snapshot.PropertyValues));
        }

        ulong[]? distinctMask = null;
        if (personBits is not null)
        {
            var distinctCount = snapshot.DistinctIds.Count;
            distinctMask = new ulong[RowBits.Words(distinctCount)];
            for (var d = 0; d < distinctCount; d++)
            {
                var p = context.PersonOf(d);
                if ((personBits[p >> 6] & (1UL << p)) != 0)
                {
                    distinctMask[d >> 6] |= 1UL << d;
                }
            }
        }

        return new EventFilter(eventId, [.. tests], distinctMask, nothing);
    }

    /// <summary>
    /// Writes the bitmap of the rows of <paramref name="segment"/> that match and lie in <paramref name="range"/>
    /// into <paramref name="rows"/> (at least <see cref="RowBits.Words"/> words; bits past the last row are
    /// cleared). Returns the number of matching rows.
    /// </summary>
    public long Evaluate(SegmentView segment, TimeRange range, Span<ulong> rows)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var n = segment.RowCount;
        var words = RowBits.Words(n);
        rows = rows[..words];
        if (MatchesNothing || n == 0 || segment.MaxTimestamp < range.From || segment.MinTimestamp >= range.To)
        {
            rows.Clear();
            return 0;
        }

        var timestamps = segment.Timestamps;
        var eventIds = segment.EventIds;
        var wholeRange = segment.MinTimestamp >= range.From && segment.MaxTimestamp < range.To;
        var any = false;
        for (var w = 0; w < words; w++)
        {
            var start = w << 6;
            var count = Math.Min(64, n - start);
            var word = count == 64 ? ulong.MaxValue : (1UL << count) - 1;
            if (_eventId >= 0)
            {
                word &= RowBits.EqualWord(eventIds, start, count, _eventId);
            }

            if (word != 0 && !wholeRange)
            {
                word &= RowBits.RangeWord(timestamps, start, count, range.From, range.To);
            }

            rows[w] = word;
            any |= word != 0;
        }

        if (!any)
        {
            return 0;
        }

        foreach (var test in _tests)
        {
            test.Apply(segment, rows);
        }

        if (_distinctMask is { } mask)
        {
            var ordinals = segment.DistinctOrdinals;
            for (var w = 0; w < words; w++)
            {
                var word = rows[w];
                var bits = word;
                while (bits != 0)
                {
                    var bit = bits & (0 - bits);
                    var row = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                    var d = ordinals[row];
                    if ((mask[d >> 6] & (1UL << d)) == 0)
                    {
                        word &= ~bit;
                    }

                    bits &= bits - 1;
                }

                rows[w] = word;
            }
        }

        return RowBits.Count(rows);
    }

    private static ulong[] And(ulong[]? bits, int personSpace, Func<int, bool> passes)
    {
        var words = RowBits.Words(personSpace);
        if (bits is null)
        {
            bits = new ulong[words];
            Array.Fill(bits, ulong.MaxValue);
        }

        for (var p = 0; p < personSpace; p++)
        {
            if (!passes(p))
            {
                bits[p >> 6] &= ~(1UL << p);
            }
        }

        return bits;
    }
}
