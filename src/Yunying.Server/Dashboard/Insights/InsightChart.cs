using System.Text.Json;
using Microsoft.Extensions.Localization;
using Yunying.Analytics.Query;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard.Insights;

/// <summary>
/// An answer made ready for the page: the tables of its numbers (with drill-down links where the kind lists
/// persons) and the chart's input for <c>insights.js</c> — the kind, how to draw it, the answer as the API
/// writes it, the drill-down link's start and the words the chart shows.
/// </summary>
public sealed record InsightChart(IReadOnlyList<InsightTable> Tables, string Data)
{
    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    public static InsightChart Of(Guid projectId, InsightForm form, AnalyticsResult result, IStringLocalizer<SharedResource> text)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(text);
        var kind = form.KindOrDefault;
        var drills = InsightRunner.DrillKinds.Contains(kind);
        var people = $"/p/{projectId}/insights/people";
        var tables = InsightTable.Of(result, text, drills ? pairs => people + form.ToQueryString(pairs) : null);
        var data = JsonSerializer.Serialize(
            new
            {
                kind,
                display = form.Display ?? "line",
                result = InsightRunner.ToJson(result),
                people = drills ? people + form.ToQueryString() : null,
                labels = new
                {
                    persons = text["Insight.Persons"].Value,
                    dropped = text["Insight.Dropped"].Value,
                    converted = text["Insight.Converted"].Value,
                    statuses = new[] { "new", "returning", "resurrecting", "dormant" }.ToDictionary(s => s, s => text["Insight.Status." + s].Value),
                },
            },
            PayloadJson);
        return new InsightChart(tables, data);
    }
}
