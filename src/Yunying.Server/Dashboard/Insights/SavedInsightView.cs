using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Yunying.Analytics.Insights;
using Yunying.Analytics.Query;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard.Insights;

/// <summary>
/// A saved insight as a page shows it: its form (so links open it in the builder and drill into its persons
/// over the range it was read over) and, when it could be answered, its chart and tables; <see cref="Stale"/>
/// when the answer is over earlier data while the newest events are counted.
/// </summary>
public sealed record SavedInsightView(InsightDefinition Insight, InsightForm Form, InsightChart? Chart, DateTimeOffset? ComputedAt, bool Cached, bool Stale, string? Error)
{
    public static SavedInsightView Of(
        Guid projectId, InsightDefinition insight, DateRange? range, AnalyticsResult? result, DateTimeOffset? computedAt, bool cached, bool stale, string? error, IStringLocalizer<SharedResource> text)
    {
        ArgumentNullException.ThrowIfNull(insight);
        var query = JsonNode.Parse(insight.Query.GetRawText()) as JsonObject ?? [];
        if (range is not null)
        {
            query["dateRange"] = new JsonObject { ["from"] = range.From, ["to"] = range.To };
        }

        var form = InsightForm.FromQuery(query);
        form.Display = insight.Display;
        return new SavedInsightView(insight, form, result is null ? null : InsightChart.Of(projectId, form, result, text), computedAt, cached, stale, error);
    }

    /// <summary>The builder with this insight's form, saying which saved insight it changes.</summary>
    public string BuilderLink(Guid projectId) => $"/p/{projectId}/insights" + Form.ToQueryString([new("saved", Insight.Id.ToString())]);

    public string Link(Guid projectId) => $"/p/{projectId}/insights/saved/{Insight.Id}";
}
