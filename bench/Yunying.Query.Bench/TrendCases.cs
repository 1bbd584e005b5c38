using System.Text.Json;
using Yunying.Analytics.Demo;
using Yunying.Analytics.Query;

namespace Yunying.Query.Bench;

/// <summary>The trends questions of the benchmark, and every case of it in table order.</summary>
internal static class TrendCases
{
    public const string ByCity = "daily $pageview by city (top 25)";
    public const string MonthlyActive = "daily MAU (exact monthly_active), all events";

    public static IEnumerable<(string Name, AnalyticsQuery Query)> All(DateRange last30)
    {
        yield return ("daily total, all events", new TrendsQuery { DateRange = last30, Series = [new TrendSeries()] });
        yield return (ByCity, new TrendsQuery { DateRange = last30, Series = [new TrendSeries { Event = DemoGenerator.PageView }], Breakdown = new Breakdown("city") });
        yield return ("daily unique persons, $pageview", new TrendsQuery { DateRange = last30, Series = [new TrendSeries { Event = DemoGenerator.PageView, Math = "dau" }] });
        yield return ("daily unique persons by platform", new TrendsQuery { DateRange = last30, Series = [new TrendSeries { Math = "dau" }], Breakdown = new Breakdown("platform") });
        yield return (MonthlyActive, new TrendsQuery { DateRange = last30, Series = [new TrendSeries { Math = "monthly_active" }] });
        yield return ("DAU/MAU (all events)", new TrendsQuery { DateRange = last30, Series = [new TrendSeries { Math = "dau" }, new TrendSeries { Math = "monthly_active" }], Formula = "A/B" });
        yield return ("hourly sum of purchase amount", new TrendsQuery { DateRange = last30, Interval = Interval.Hour, Series = [new TrendSeries { Event = DemoGenerator.Purchase, Math = "sum", MathProperty = "amount" }] });
        yield return ("weekly unique with compare", new TrendsQuery { DateRange = last30, Interval = Interval.Week, Compare = true, Series = [new TrendSeries { Math = "dau" }] });
        yield return ("daily $pageview where city=上海 and platform!=web", new TrendsQuery
        {
            DateRange = last30,
            Series = [new TrendSeries { Event = DemoGenerator.PageView }],
            Properties = [new PropertyFilter("city", "exact", JsonSerializer.SerializeToElement("上海")), new PropertyFilter("platform", "is_not", JsonSerializer.SerializeToElement("web"))],
        });
    }

    /// <summary>Every engine case: trends, retention and friends, funnels, paths.</summary>
    public static IEnumerable<(string Name, AnalyticsQuery Query)> Everything(DateRange last30) =>
        All(last30).Concat(RetentionCases.All(last30)).Concat(FunnelCases.All(last30)).Concat(PathCases.All(last30));
}
