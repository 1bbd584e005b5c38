using Yunying.Analytics.Demo;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Distribution;
using Yunying.Analytics.Query.Lifecycle;
using Yunying.Analytics.Query.Retention;
using Yunying.Analytics.Query.Stickiness;

namespace Yunying.Query.Bench;

/// <summary>The retention, lifecycle, stickiness and distribution questions of the benchmark, and a size for any answer.</summary>
internal static class RetentionCases
{
    public static IEnumerable<(string Name, AnalyticsQuery Query)> All(DateRange last30)
    {
        var pageView = new RetentionEvent { Event = DemoGenerator.PageView };
        yield return ("weekly retention, first-time $pageview", new RetentionQuery { DateRange = last30, Period = Interval.Week, StartEvent = pageView, ReturnEvent = pageView });
        yield return ("weekly retention, recurring $pageview", new RetentionQuery { DateRange = last30, Period = Interval.Week, RetentionType = RetentionType.Recurring, StartEvent = pageView, ReturnEvent = pageView });
        yield return ("weekly retention, signup → any, by platform", new RetentionQuery
        {
            DateRange = last30,
            Period = Interval.Week,
            StartEvent = new RetentionEvent { Event = DemoGenerator.Signup },
            Breakdown = new Breakdown("platform"),
        });
        yield return ("daily retention 30 periods, signup → purchase, on or after", new RetentionQuery
        {
            DateRange = last30,
            Periods = 30,
            ReturnMode = RetentionReturn.OnOrAfter,
            StartEvent = new RetentionEvent { Event = DemoGenerator.Signup },
            ReturnEvent = new RetentionEvent { Event = DemoGenerator.Purchase },
        });
        yield return ("weekly lifecycle, $pageview", new LifecycleQuery { DateRange = last30, Interval = Interval.Week, Event = DemoGenerator.PageView });
        yield return ("daily lifecycle, $pageview", new LifecycleQuery { DateRange = last30, Event = DemoGenerator.PageView });
        yield return ("stickiness (days), $pageview", new StickinessQuery { DateRange = last30, Event = DemoGenerator.PageView });
        yield return ("stickiness (weeks), check_in", new StickinessQuery { DateRange = last30, Interval = Interval.Week, Event = DemoGenerator.CheckIn });
        yield return ("distribution of $pageview counts per person", new DistributionQuery { DateRange = last30, Event = DemoGenerator.PageView });
        yield return ("distribution of purchase amount sums per person", new DistributionQuery
        {
            DateRange = last30,
            Event = DemoGenerator.Purchase,
            Measure = DistributionMeasure.Sum,
            Property = "amount",
            Edges = [0, 50, 100, 200, 500, 1000],
        });
    }

    /// <summary>Lines, cohorts or values in an answer: a rough size for the output table.</summary>
    public static int Rows(AnalyticsResult result) => result switch
    {
        TrendsResult trends => trends.Lines.Count,
        RetentionResult retention => retention.Matrices.Sum(m => m.Cohorts.Count),
        LifecycleResult lifecycle => lifecycle.Lines.Count,
        StickinessResult stickiness => stickiness.Persons.Count,
        DistributionResult distribution => distribution.Buckets.Count,
        _ => 0,
    };
}
