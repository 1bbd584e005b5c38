using System.Numerics;
using Yunying.Analytics.Cohorts;
using Yunying.Analytics.People;
using Yunying.Core.Results;

namespace Yunying.Analytics.Query.PersonList;

/// <summary>
/// People: marks the persons with a matching event in the range (one pass over the segments' filter
/// bitmaps), intersects them with the rule's persons, and pages through them by last seen.
/// </summary>
internal static class PeopleAnalysis
{
    public static Result<AnalyticsResult> Run(PeopleQuery query, QueryContext context)
    {
        if (query.Limit is < 1 or > PeopleQuery.MaxLimit || query.Offset < 0)
        {
            return QueryErrors.Invalid("limit", $"limit is between 1 and {PeopleQuery.MaxLimit}; offset is 0 or more.");
        }

        var members = Members(query, context);
        if (!members.IsSuccess)
        {
            return members.Error;
        }

        var range = context.ResolveRange(query.DateRange, "all");
        if (!range.IsSuccess)
        {
            return range.Error;
        }

        var set = members.Value;
        var page = PeopleDirectory.List(context.Persons, query.Search, query.Offset, query.Limit, set.Contains);
        return new PeopleResult
        {
            TimeZone = context.Calendar.ZoneId,
            From = context.Calendar.ToOffset(range.Value.From),
            To = context.Calendar.ToOffset(range.Value.To),
            People = page.People,
            Total = page.Total,
            NextOffset = page.NextOffset,
        };
    }

    /// <summary>The persons the query selects: a matching event in the range, and the rule when given.</summary>
    public static Result<PersonSet> Members(PeopleQuery query, QueryContext context)
    {
        var filter = EventFilter.Compile(context, query.Event, query.Properties);
        if (!filter.IsSuccess)
        {
            return filter.Error;
        }

        var range = context.ResolveRange(query.DateRange, "all");
        if (!range.IsSuccess)
        {
            return range.Error;
        }

        var bits = new ulong[(context.PersonSpace + 63) >> 6];
        foreach (var segment in context.Snapshot.Segments)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var rows = new ulong[RowBits.Words(segment.RowCount)];
            if (filter.Value.Evaluate(segment, range.Value, rows) == 0)
            {
                continue;
            }

            var ordinals = segment.DistinctOrdinals;
            for (var w = 0; w < rows.Length; w++)
            {
                var word = rows[w];
                while (word != 0)
                {
                    var person = context.PersonOf(ordinals[(w << 6) + BitOperations.TrailingZeroCount(word)]);
                    word &= word - 1;
                    bits[person >> 6] |= 1UL << person;
                }
            }
        }

        if (query.Rule is null)
        {
            return new PersonSet(bits);
        }

        var evaluator = new CohortEvaluator(context, (id, _) => Saved(id, context), 0);
        var rule = evaluator.Evaluate(query.Rule);
        if (!rule.IsSuccess)
        {
            return rule.Error;
        }

        var ruleBits = rule.Value.Bits;
        for (var w = 0; w < bits.Length; w++)
        {
            bits[w] &= w < ruleBits.Length ? ruleBits[w] : 0;
        }

        return new PersonSet(bits);
    }

    private static Result<PersonSet> Saved(Guid id, QueryContext context)
    {
        if (context.Cohorts is null)
        {
            return QueryErrors.Invalid("rule", "Saved cohorts are not available here.");
        }

        var members = context.Cohorts.Resolve(id.ToString(), context);
        return members.IsSuccess ? members.Value.Members : members.Error;
    }
}
