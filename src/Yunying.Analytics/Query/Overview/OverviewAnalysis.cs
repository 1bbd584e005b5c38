using System.Globalization;
using Yunying.Analytics.Query.Retention;
using Yunying.Core.Results;

namespace Yunying.Analytics.Query.Overview;

/// <summary>
/// The AARRR overview over whole local days. Counts that the query model already answers are read from one
/// <c>trends</c> query (active people, revenue, paying people, referral events, with <c>compare</c>) and two
/// first-time <c>retention</c> queries of every event (new people and their D1/D7/D30; new people by the
/// acquisition property); what it cannot express — activation within N days of a person's first event, and
/// the nested funnel — comes from per-person first times of the same scans retention uses.
/// </summary>
internal static class OverviewAnalysis
{
    public const int MaxDays = 366;
    private const long MicrosPerDay = 86_400_000_000L;
    private static readonly int[] RetentionDays = [1, 7, 30];

    public static Result<AnalyticsResult> Run(OverviewQuery query, QueryContext context)
    {
        if (Validate(query) is { } invalid)
        {
            return invalid;
        }

        var range = context.ResolveRange(query.DateRange, OverviewQuery.DefaultFrom);
        if (!range.IsSuccess)
        {
            return range.Error;
        }

        if (range.Value.To <= range.Value.From)
        {
            return QueryErrors.Invalid("dateRange", "The overview's date range is empty.");
        }

        var calendar = context.Calendar;
        var fromDay = calendar.DayOf(range.Value.From);
        var toDay = calendar.DayOf(range.Value.To - 1);
        var days = toDay.DayNumber - fromDay.DayNumber + 1;
        if (days > MaxDays)
        {
            return QueryErrors.TooLarge($"The overview covers at most {MaxDays} days; this range has {days}.");
        }

        var current = new Days(fromDay, toDay);
        var previous = new Days(fromDay.AddDays(-days), fromDay.AddDays(-1));
        var queries = Queries(query, current, previous);

        var trends = QueryRunner.Run(queries["trends"], context);
        if (!trends.IsSuccess)
        {
            return trends.Error;
        }

        var retention = QueryRunner.Run(queries["retention"], context);
        if (!retention.IsSuccess)
        {
            return retention.Error;
        }

        var acquisition = QueryRunner.Run(queries["acquisition"], context);
        if (!acquisition.IsSuccess)
        {
            return acquisition.Error;
        }

        var firsts = FirstTimes.Scan(query, context);
        if (!firsts.IsSuccess)
        {
            return firsts.Error;
        }

        var lines = (TrendsResult)trends.Value;
        var cohorts = ((RetentionResult)retention.Value).Matrices[0].Cohorts;
        var matrices = ((RetentionResult)acquisition.Value).Matrices;
        var now = context.Now;
        OverviewPeriod Period(Days period, string compare) => Figures(query, calendar, period, compare, lines, cohorts, matrices, firsts.Value, now);

        return new OverviewResult
        {
            TimeZone = calendar.ZoneId,
            From = calendar.ToOffset(current.Start(calendar)),
            To = calendar.ToOffset(current.End(calendar)),
            Settings = new OverviewSettings(
                query.ActivationEvent, query.ActivationDays, query.RevenueEvent, query.RevenueProperty,
                query.ReferralEvents, query.AcquisitionProperty, query.InviteChannel),
            Current = Period(current, "current"),
            Previous = Period(previous, "previous"),
            RetentionTrend = cohorts
                .Where(c => current.Contains(DayOf(c)))
                .Select(c => new OverviewRetentionPoint(c.Label, c.Size, CohortRate(c, 1), CohortRate(c, 7)))
                .ToArray(),
            Queries = queries,
        };
    }

    private static Error? Validate(OverviewQuery query)
    {
        if (query.ActivationDays is < 1 or > 90)
        {
            return QueryErrors.Invalid("activationDays", "activationDays must be 1 to 90.");
        }

        if (query.ChannelLimit is < 1 or > 100)
        {
            return QueryErrors.Invalid("channelLimit", "channelLimit must be 1 to 100.");
        }

        foreach (var (field, value) in new[]
        {
            ("activationEvent", query.ActivationEvent), ("revenueEvent", query.RevenueEvent),
            ("revenueProperty", query.RevenueProperty), ("acquisitionProperty", query.AcquisitionProperty),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return QueryErrors.Invalid(field, $"{field} must name an event or property.");
            }
        }

        if (query.ReferralEvents is not { Count: >= 1 and <= 10 } || query.ReferralEvents.Any(string.IsNullOrWhiteSpace))
        {
            return QueryErrors.Invalid("referralEvents", "referralEvents must name 1 to 10 events.");
        }

        return null;
    }

    /// <summary>The sub-queries, over whole days written as local dates (so each can be asked again as it is).</summary>
    private static Dictionary<string, AnalyticsQuery> Queries(OverviewQuery query, Days current, Days previous)
    {
        var series = new List<TrendSeries>
        {
            new() { Math = "dau", Name = "active" },
            new() { Event = query.RevenueEvent, Math = "sum", MathProperty = query.RevenueProperty, Name = "revenue" },
            new() { Event = query.RevenueEvent, Math = "dau", Name = "paying" },
        };
        series.AddRange(query.ReferralEvents.Select(e => new TrendSeries { Event = e, Math = "total", Name = e }));
        var retention = new RetentionQuery
        {
            // Thirty days of cohorts before the previous period, so both periods' D30 have their cohorts.
            DateRange = new DateRange(Date(previous.From.AddDays(-RetentionDays[^1])), Date(current.To)),
            TimeZone = query.TimeZone,
            Properties = query.Properties,
            Period = Interval.Day,
            RetentionType = RetentionType.FirstTime,
            Periods = RetentionDays[^1],
        };
        return new Dictionary<string, AnalyticsQuery>(StringComparer.Ordinal)
        {
            ["trends"] = new TrendsQuery
            {
                DateRange = new DateRange(Date(current.From), Date(current.To)),
                TimeZone = query.TimeZone,
                Properties = query.Properties,
                Interval = Interval.Day,
                Compare = true,
                Series = series,
            },
            ["retention"] = retention,
            ["acquisition"] = retention with
            {
                DateRange = new DateRange(Date(previous.From), Date(current.To)),
                Periods = 1,
                Breakdown = new Breakdown(query.AcquisitionProperty, PropertyScope.Event, query.ChannelLimit),
            },
        };
    }

    private static OverviewPeriod Figures(
        OverviewQuery query,
        ZonedCalendar calendar,
        Days period,
        string compare,
        TrendsResult trends,
        IReadOnlyList<RetentionCohort> cohorts,
        IReadOnlyList<RetentionMatrix> acquisition,
        FirstTimes firsts,
        long now)
    {
        double Total(int series) => trends.Lines.Where(l => l.Series == series && l.Compare == compare).Sum(l => l.Total);
        var active = (long)Total(0);
        var revenue = Total(1);
        var paying = (long)Total(2);
        var referrals = (long)Enumerable.Range(3, query.ReferralEvents.Count).Sum(Total);

        var newPeople = cohorts.Where(c => period.Contains(DayOf(c))).Sum(c => c.Size);
        var channels = acquisition
            .Select(m => new OverviewChannel(m.Breakdown!, m.Cohorts.Where(c => period.Contains(DayOf(c))).Sum(c => c.Size)))
            .Where(c => c.NewPeople > 0)
            .OrderByDescending(c => c.NewPeople)
            .ThenBy(c => c.Breakdown.Kind)
            .ThenBy(c => c.Breakdown.Label, StringComparer.Ordinal)
            .ToArray();
        var invited = channels
            .Where(c => c.Breakdown.Kind == BreakdownBucketKind.Value && c.Breakdown.Label == query.InviteChannel)
            .Sum(c => c.NewPeople);

        var stages = firsts.Stages(period.Start(calendar), period.End(calendar), Math.Min(period.End(calendar), now), query.ActivationDays * MicrosPerDay);
        var rates = RetentionDays.Select(n => PeriodRate(cohorts, period, n)).ToArray();
        return new OverviewPeriod
        {
            From = calendar.ToOffset(period.Start(calendar)),
            To = calendar.ToOffset(period.End(calendar)),
            NewPeople = newPeople,
            Channels = channels,
            ActivePeople = active,
            Activated = stages[1],
            ActivationRate = Ratio(stages[1], stages[0]),
            D1 = rates[0],
            D7 = rates[1],
            D30 = rates[2],
            Revenue = revenue,
            PayingPeople = paying,
            Arpu = Ratio(revenue, active),
            Arppu = Ratio(revenue, paying),
            ReferralEvents = referrals,
            ReferralsPerActive = Ratio(referrals, active),
            InvitedNewPeople = invited,
            KFactor = Ratio(invited, active),
            Funnel =
            [
                new OverviewStage("new", stages[0]),
                new OverviewStage("activated", stages[1]),
                new OverviewStage("paying", stages[2]),
                new OverviewStage("promoter", stages[3]),
            ],
        };
    }

    /// <summary>
    /// Day-n retention measured in the period: the cohorts whose day n falls in it and is over, their returns on
    /// day n over their sizes (the weighted mean retention uses).
    /// </summary>
    private static double? PeriodRate(IReadOnlyList<RetentionCohort> cohorts, Days period, int n)
    {
        long size = 0, retained = 0;
        foreach (var cohort in cohorts)
        {
            if (period.Contains(DayOf(cohort).AddDays(n)) && Complete(cohort, n))
            {
                size += cohort.Size;
                retained += cohort.Values[n];
            }
        }

        return Ratio(retained, size);
    }

    private static double? CohortRate(RetentionCohort cohort, int n) => Complete(cohort, n) ? Ratio(cohort.Values[n], cohort.Size) : null;

    private static bool Complete(RetentionCohort cohort, int n) =>
        n < cohort.Values.Count && !(cohort.LastIncomplete && n == cohort.Values.Count - 1);

    private static double? Ratio(double part, double whole) => whole > 0 ? part / whole : null;

    private static DateOnly DayOf(RetentionCohort cohort) => DateOnly.FromDateTime(cohort.Start.DateTime);

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Whole local days, both ends included.</summary>
    private readonly record struct Days(DateOnly From, DateOnly To)
    {
        public bool Contains(DateOnly day) => day >= From && day <= To;

        public long Start(ZonedCalendar calendar) => calendar.StartOfDay(From);

        public long End(ZonedCalendar calendar) => calendar.StartOfDay(To.AddDays(1));
    }
}
