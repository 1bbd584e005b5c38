using Yunying.Core.Results;

namespace Yunying.Analytics.Query;

/// <summary>Trends: series of counts, unique persons and property statistics per time bucket.</summary>
internal static class TrendsAnalysis
{
    public static Result<AnalyticsResult> Run(TrendsQuery query, QueryContext context) =>
        QueryErrors.KindNotAvailable(QueryKinds.Trends);
}
