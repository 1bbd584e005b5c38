using System.Globalization;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Funnels;
using Yunying.Analytics.Query.Lifecycle;
using Yunying.Analytics.Query.Retention;
using Yunying.Analytics.Query.Stickiness;
using Yunying.Events;

namespace Yunying.Query.Bench;

/// <summary>
/// One question asked of both engines: the engine's query (a case of the main table, by name), the ClickHouse SQL
/// that answers it by the engine's documented definition, and how to read the engine's answer as the same cells
/// (<c>key → number</c>; the SQL answers <c>key TAB number</c> rows).
/// </summary>
internal sealed record ComparedCase(string Name, AnalyticsQuery Query, string Sql, Func<AnalyticsResult, IEnumerable<(string Key, double Value)>> Cells, string Note);

/// <summary>
/// The questions (3-step funnel, 5-step funnel with a 14-day window, weekly retention, weekly lifecycle,
/// stickiness, exact MAU, a daily trend with a breakdown) over the table <c>events</c> of
/// <see cref="ClickHouseQueries"/>. Persons are the engine's resolved persons (<c>person_id</c> is the person
/// ordinal of the engine's person map), days and weeks are Asia/Shanghai's (weeks from Monday), and the date
/// ranges are the engine's for <c>"-30d"</c> at the bench's fixed now, computed here independently.
/// </summary>
internal static class ClickHouseCases
{
    private const long MicrosPerDay = 86_400_000_000L;

    /// <summary>The funnels' time unit in ClickHouse, in microseconds.</summary>
    public const long Centisecond = 10_000;

    public static IReadOnlyList<ComparedCase> All(Func<string, AnalyticsQuery> engineCase)
    {
        var r = new BenchRanges();
        return
        [
            Funnel(engineCase, "funnel 3 steps: $pageview → signup → purchase", r, ["$pageview", "signup", "purchase"]),
            Funnel(engineCase, "funnel 5 steps, 14-day window", r, ["$pageview", "signup", "first_action", "purchase", "share"]),
            new ComparedCase(
                "weekly retention, first-time $pageview",
                engineCase("weekly retention, first-time $pageview"),
                $"""
                SELECT concat(toString(cohort), ' +', toString(intDiv(week - cohort, 7))) AS cell, count()
                FROM (
                    SELECT min(w) AS cohort, groupUniqArray(w) AS weeks
                    FROM (SELECT person_id, toMonday(t) AS w FROM events WHERE event = '$pageview')
                    GROUP BY person_id)
                ARRAY JOIN weeks AS week
                WHERE cohort >= toDate('{r.WeekFrom:yyyy-MM-dd}') AND cohort < toDate('{r.WeekTo:yyyy-MM-dd}') AND week < toDate('{r.WeekTo:yyyy-MM-dd}')
                GROUP BY cell
                """,
                result => ((RetentionResult)result).Matrices[0].Cohorts.SelectMany(c => c.Values.Select((v, i) => ($"{c.Label} +{i}", (double)v))),
                "cohort = Monday of the person's first $pageview ever; +N = persons with a $pageview N weeks later"),
            new ComparedCase(
                "weekly lifecycle, $pageview",
                engineCase("weekly lifecycle, $pageview"),
                $"""
                SELECT concat(toString(s.1), ' ', s.2) AS cell, sum(s.3)
                FROM (
                    SELECT toMonday(min(t)) AS first_week,
                        groupUniqArrayIf(toMonday(t), event = '$pageview' AND timestamp_us >= {r.WeekFromMicros - (7 * MicrosPerDay)} AND timestamp_us < {r.WeekToMicros}) AS weeks
                    FROM events GROUP BY person_id)
                ARRAY JOIN arrayConcat(
                    arrayMap(x -> (x, if(x = first_week, 'new', if(has(weeks, x - 7), 'returning', 'resurrecting')), toInt8(1)), weeks),
                    arrayMap(x -> (x + 7, 'dormant', toInt8(-1)), arrayFilter(x -> NOT has(weeks, x + 7), weeks))) AS s
                WHERE s.1 >= toDate('{r.WeekFrom:yyyy-MM-dd}') AND s.1 < toDate('{r.WeekTo:yyyy-MM-dd}') AND first_week <= s.1
                GROUP BY cell
                """,
                result => Lifecycle((LifecycleResult)result),
                "first seen = the person's first event of any kind; dormant as a negative count. (first_week <= s.1 is always true; 18.16 drops a subquery column that only a lambda reads unless the query names it elsewhere)"),
            new ComparedCase(
                "stickiness (days), $pageview",
                engineCase("stickiness (days), $pageview"),
                $"""
                SELECT concat(toString(days), ' days') AS cell, count()
                FROM (
                    SELECT uniqExact(toDate(t)) AS days FROM events
                    WHERE event = '$pageview' AND timestamp_us >= {r.FromMicros} AND timestamp_us < {r.DayToMicros}
                    GROUP BY person_id)
                GROUP BY days
                """,
                result =>
                {
                    var s = (StickinessResult)result;
                    return s.ActiveIntervals.Select((n, i) => ($"{n} days", (double)s.Persons[i]));
                },
                "persons by number of local days with a $pageview"),
            new ComparedCase(
                TrendCases.MonthlyActive,
                engineCase(TrendCases.MonthlyActive),
                $"""
                SELECT toString(d) AS cell, uniqExact(person_id)
                FROM (
                    SELECT DISTINCT person_id, toDate(t) AS day FROM events
                    WHERE timestamp_us >= {r.FromMicros - (29 * MicrosPerDay)} AND timestamp_us < {r.NowMicros})
                ARRAY JOIN arrayMap(i -> day + i, range(30)) AS d
                WHERE d >= toDate('{r.From:yyyy-MM-dd}') AND d <= toDate('{r.NowDate:yyyy-MM-dd}') AND d >= day
                GROUP BY d
                UNION ALL
                SELECT 'total' AS cell, uniqExact(person_id) FROM events WHERE timestamp_us >= {r.FromMicros} AND timestamp_us < {r.NowMicros}
                """,
                result =>
                {
                    var line = ((TrendsResult)result).Lines[0];
                    return line.Labels.Select((label, i) => (label, line.Values[i])).Append(("total", line.Total));
                },
                "per day, exact distinct persons with any event in the 30 local days ending that day (to now); total over the period. (d >= day is always true, for the lambda as in the lifecycle)"),
            new ComparedCase(
                TrendCases.ByCity,
                engineCase(TrendCases.ByCity),
                $"""
                SELECT concat(if(city = '', '(none)', city), ' ', toString(day)), c
                FROM (
                    SELECT city, toDate(t) AS day, count() AS c FROM events
                    WHERE event = '$pageview' AND timestamp_us >= {r.FromMicros} AND timestamp_us < {r.NowMicros}
                    GROUP BY city, day)
                """,
                result => ((TrendsResult)result).Lines.SelectMany(l => l.Labels.Select((label, i) => ($"{l.Breakdown?.Label} {label}", l.Values[i]))),
                "the demo has 16 cities, all in the top 25, and every event has one"),
        ];
    }

    /// <summary>
    /// PostHog's ordered funnel: the first step in the period, each later step after the previous one and at most
    /// the window after the first (inclusive, both sides). windowFunnel takes DateTime or UInt32 only, and 18.16 keeps
    /// the times it matched in an Int32 (a time of 2^31 or more never starts a chain: milliseconds since the period's
    /// start would lose every person entering after its 24th day), so time is centiseconds since the period's start
    /// (the scan spans 44.5 days, 3.8 × 10^8 cs).
    /// </summary>
    private static ComparedCase Funnel(Func<string, AnalyticsQuery> engineCase, string name, BenchRanges r, string[] steps)
    {
        var query = (FunnelQuery)engineCase(name);
        var window = (query.Window ?? FunnelWindow.Default).Micros;
        var conditions = string.Join(", ", steps.Select((s, i) => i == 0 ? $"event = '{s}' AND timestamp_us < {r.NowMicros}" : $"event = '{s}'"));
        var sql = $"""
            SELECT concat('step ', toString(k + 1)), countIf(level > k)
            FROM (
                SELECT windowFunnel({window / Centisecond})(toUInt32(intDiv(timestamp_us - {r.FromMicros}, {Centisecond})), {conditions}) AS level
                FROM events
                WHERE event IN ({string.Join(", ", steps.Select(s => $"'{s}'"))}) AND timestamp_us >= {r.FromMicros} AND timestamp_us <= {r.NowMicros + window}
                GROUP BY person_id)
            ARRAY JOIN range({steps.Length}) AS k
            GROUP BY k
            """;
        return new ComparedCase(
            name,
            query,
            sql,
            result => ((FunnelResult)result).Groups[0].Steps.Select(s => ($"step {s.Index + 1}", (double)s.Count)),
            "persons whose best attempt reached each step; time in centiseconds (ties inside one keep windowFunnel's input order, not the engine's step order)");
    }

    private static IEnumerable<(string Key, double Value)> Lifecycle(LifecycleResult result)
    {
        foreach (var line in result.Lines)
        {
            for (var i = 0; i < line.Values.Count; i++)
            {
                yield return ($"{result.Labels[i]} {line.Status}", line.Values[i]);
            }
        }
    }

    /// <summary>The engine's ranges for <c>"-30d"</c> at <see cref="EngineData.Now"/> (Asia/Shanghai has no DST since 1991: a fixed +08:00).</summary>
    internal sealed class BenchRanges
    {
        private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

        public DateOnly NowDate { get; } = DateOnly.FromDateTime(EngineData.Now.DateTime);

        /// <summary>"-30d": local midnight starting the day 30 days before today.</summary>
        public DateOnly From => NowDate.AddDays(-30);

        /// <summary>Whole days: the end of the day holding now.</summary>
        public DateOnly DayTo => NowDate.AddDays(1);

        /// <summary>Whole weeks: the Monday of the week holding the range's start …</summary>
        public DateOnly WeekFrom => From.AddDays(-(((int)From.DayOfWeek + 6) % 7));

        /// <summary>… to the Monday after the week holding now.</summary>
        public DateOnly WeekTo => NowDate.AddDays(7 - (((int)NowDate.DayOfWeek + 6) % 7));

        public long NowMicros => EventRecord.ToMicros(EngineData.Now);

        public long FromMicros => Micros(From);

        public long DayToMicros => Micros(DayTo);

        public long WeekFromMicros => Micros(WeekFrom);

        public long WeekToMicros => Micros(WeekTo);

        public static long Micros(DateOnly day) => EventRecord.ToMicros(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset));

        /// <summary>The range an engine answer should have (whole intervals for retention, lifecycle and stickiness).</summary>
        public (long From, long To) Expected(AnalyticsResult result) => result switch
        {
            RetentionResult { Period: Interval.Week } or LifecycleResult { Interval: Interval.Week } => (WeekFromMicros, WeekToMicros),
            StickinessResult => (FromMicros, DayToMicros),
            _ => (FromMicros, NowMicros),
        };

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"from {From:yyyy-MM-dd} (weeks from {WeekFrom:yyyy-MM-dd}) to now {EngineData.Now:yyyy-MM-dd HH:mm zzz} (whole days to {DayTo:yyyy-MM-dd}, weeks to {WeekTo:yyyy-MM-dd})");
    }
}
