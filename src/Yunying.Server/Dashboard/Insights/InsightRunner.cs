using System.Text.Json;
using System.Text.Json.Nodes;
using Yunying.Analytics.Insights;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Funnels;
using Yunying.Analytics.Query.Retention;
using Yunying.Core.Results;

namespace Yunying.Server.Dashboard.Insights;

/// <summary>The dashboard's way to the analytics engine: the query as JSON goes through the same parser and runner as the API's body.</summary>
public sealed class InsightRunner(InsightResults results)
{
    /// <summary>The kinds whose answers can list the persons behind a number (a <c>people</c> option).</summary>
    public static readonly IReadOnlySet<string> DrillKinds = new HashSet<string>(StringComparer.Ordinal) { "funnel", "trends", "retention", "lifecycle", "stickiness" };

    /// <summary>
    /// Parses and runs <paramref name="query"/> (through the answer cache, so a page reloaded over unchanged data
    /// is not computed again, and one computed over earlier data may stand in while new data is counted); a bad
    /// query answers the parser's or the engine's error.
    /// </summary>
    public async Task<Result<CachedAnswer>> RunAsync(Guid projectId, string timeZone, JsonObject query, CancellationToken cancellationToken)
    {
        var parsed = Parse(query);
        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }

        return await results.RunAsync(projectId, timeZone, parsed.Value, cancellationToken);
    }

    /// <summary>A page's query as the engine parses it (so the answer cache sees the same question whoever asks it).</summary>
    public static Result<AnalyticsQuery> Parse(JsonObject query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var document = JsonDocument.Parse(query.ToJsonString());
        return QueryJson.Parse(document.RootElement);
    }

    /// <summary>The answer as the API writes it, for the page's chart.</summary>
    public static JsonNode ToJson(AnalyticsResult result) => JsonSerializer.SerializeToNode(result, QueryJson.Options)!;

    /// <summary>
    /// <paramref name="query"/> with a <c>people</c> option built from the <c>pp.*</c> parameters of a drill-down
    /// link (<c>pp.step=2&amp;pp.dropped=true&amp;pp.breakdown.label=wechat</c>); numbers and booleans keep their types.
    /// </summary>
    public static JsonObject WithPeople(JsonObject query, IEnumerable<KeyValuePair<string, string?>> parameters, int offset, int limit)
    {
        ArgumentNullException.ThrowIfNull(query);
        var copy = (JsonObject)query.DeepClone();
        var people = new JsonObject();
        foreach (var (key, value) in parameters)
        {
            if (!key.StartsWith("pp.", StringComparison.Ordinal) || value is null)
            {
                continue;
            }

            var path = key[3..].Split('.');
            var target = people;
            for (var i = 0; i < path.Length - 1; i++)
            {
                if (target[path[i]] is not JsonObject inner)
                {
                    inner = [];
                    target[path[i]] = inner;
                }

                target = inner;
            }

            target[path[^1]] = path[^1] is "label" or "date" or "cohort" ? JsonValue.Create(value)
                : long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
                : bool.TryParse(value, out var flag) ? JsonValue.Create(flag)
                : JsonValue.Create(value);
        }

        people["offset"] = offset;
        people["limit"] = limit;
        copy["people"] = people;
        return copy;
    }

    /// <summary>The persons part of an answer that was asked for them (the kinds of <see cref="DrillKinds"/>).</summary>
    public static (long Total, IReadOnlyList<Guid> PersonIds) PeopleOf(AnalyticsResult result) => result switch
    {
        FunnelResult { People: { } people } => (people.Total, people.PersonIds),
        TrendsResult { People: { } people } => (people.Total, people.PersonIds),
        RetentionResult { People: { } people } => (people.Total, people.PersonIds),
        Analytics.Query.Lifecycle.LifecycleResult { People: { } people } => (people.Total, people.PersonIds),
        Analytics.Query.Stickiness.StickinessResult { People: { } people } => (people.Total, people.PersonIds),
        _ => (0, []),
    };
}
