using Yunying.Analytics.Demo;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Funnels;

namespace Yunying.Query.Bench;

/// <summary>The funnel questions of the benchmark (the 3-step funnel and 5-step funnel with a 14-day window, and variants).</summary>
internal static class FunnelCases
{
    public static IEnumerable<(string Name, AnalyticsQuery Query)> All(DateRange last30)
    {
        static FunnelStep Step(string name) => new() { Event = name };
        var three = new[] { Step(DemoGenerator.PageView), Step(DemoGenerator.Signup), Step(DemoGenerator.Purchase) };
        yield return ("funnel 3 steps: $pageview → signup → purchase", new FunnelQuery { DateRange = last30, Steps = three });
        yield return ("funnel 5 steps, 14-day window", new FunnelQuery
        {
            DateRange = last30,
            Window = new FunnelWindow(14, FunnelWindowUnit.Day),
            Steps = [Step(DemoGenerator.PageView), Step(DemoGenerator.Signup), Step(DemoGenerator.Activation), Step(DemoGenerator.Purchase), Step(DemoGenerator.Share)],
        });
        yield return ("funnel 3 steps, strict order", new FunnelQuery { DateRange = last30, Steps = three, Order = FunnelOrder.Strict });
        yield return ("funnel 3 steps by city, daily trend, time to convert", new FunnelQuery
        {
            DateRange = last30,
            Steps = three,
            Breakdown = new Breakdown("city", Limit: 10),
            Trend = new FunnelTrendOptions(),
            TimeToConvert = new FunnelTimeToConvert(),
        });
    }

    /// <summary>Groups in the answer (one per breakdown bucket).</summary>
    public static int Rows(FunnelResult result) => result.Groups.Count;
}
