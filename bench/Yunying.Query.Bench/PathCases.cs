using Yunying.Analytics.Demo;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Paths;

namespace Yunying.Query.Bench;

/// <summary>The paths questions of the benchmark.</summary>
internal static class PathCases
{
    public static IEnumerable<(string Name, AnalyticsQuery Query)> All(DateRange last30)
    {
        yield return ("paths from session starts, 5 steps", new PathsQuery { DateRange = last30 });
        yield return ("paths after signup, 5 steps", new PathsQuery { DateRange = last30, StartPoint = DemoGenerator.Signup });
        yield return ("paths before purchase, 5 steps", new PathsQuery { DateRange = last30, EndPoint = DemoGenerator.Purchase });
        yield return ("page paths ($pathname) after /home, 10 steps", new PathsQuery
        {
            DateRange = last30,
            StepLimit = 10,
            IncludeEventTypes = [DemoGenerator.PageView],
            PageviewProperty = "$pathname",
            StartPoint = "/home",
        });
        yield return ("paths signup → purchase, 5 steps", new PathsQuery { DateRange = last30, StartPoint = DemoGenerator.Signup, EndPoint = DemoGenerator.Purchase });
    }

    /// <summary>Links in the answer.</summary>
    public static int Rows(PathsResult result) => result.Links.Count;
}
