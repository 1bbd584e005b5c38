using System.Text.Json;
using System.Text.Json.Nodes;
using Yunying.Analytics.Query;
using Yunying.Server.Dashboard.Insights;

namespace Yunying.Server.Tests;

/// <summary>The insight builder's form: what query it makes, that the engine's parser takes it, and that a saved query opens as the same form.</summary>
public sealed class InsightFormTests
{
    [Fact]
    public void Funnel_FormFields_MakeTheApiQuery_AndTheParserTakesIt()
    {
        var form = new InsightForm
        {
            Kind = "funnel",
            Events = ["$pageview", "", "signup", "purchase"],
            Window = 2,
            WindowUnit = "hour",
            Order = "strict",
            FilterKeys = ["platform", "", "amount", "plan"],
            FilterOperators = ["is_not", "", "between", "exact"],
            FilterValues = ["web", "", "10, 20", "pro,team"],
            FilterTypes = ["event", "", "event", "person"],
            Breakdown = "utm_source",
            BreakdownLimit = 5,
        };

        var query = form.ToQuery();

        var expected = JsonNode.Parse("""
            {"kind": "funnel", "dateRange": {"from": "-30d"},
             "steps": [{"event": "$pageview"}, {"event": "signup"}, {"event": "purchase"}],
             "window": {"value": 2, "unit": "hour"}, "order": "strict",
             "properties": [{"key": "platform", "operator": "is_not", "value": "web"},
                            {"key": "amount", "operator": "between", "value": [10, 20]},
                            {"key": "plan", "operator": "exact", "type": "person", "value": ["pro", "team"]}],
             "breakdown": {"property": "utm_source", "limit": 5}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, query), query.ToJsonString());
        using var document = JsonDocument.Parse(query.ToJsonString());
        var parsed = QueryJson.Parse(document.RootElement);
        Assert.True(parsed.IsSuccess, parsed.Error?.Message);
    }

    [Fact]
    public void Trends_SeriesWithMaths_FormulaAndCompare()
    {
        var form = new InsightForm
        {
            Kind = "trends",
            From = "-7d",
            Interval = "hour",
            Events = ["$pageview", "purchase", ""],
            MathOf = ["dau", "sum", "total"],
            MathProperties = ["", "amount", ""],
            Formula = "B/A",
            Compare = true,
        };

        var query = form.ToQuery();

        var expected = JsonNode.Parse("""
            {"kind": "trends", "dateRange": {"from": "-7d"}, "interval": "hour",
             "series": [{"event": "$pageview", "math": "dau"}, {"event": "purchase", "math": "sum", "mathProperty": "amount"}],
             "formula": "B/A", "compare": true}
            """);
        Assert.True(JsonNode.DeepEquals(expected, query), query.ToJsonString());
    }

    [Theory]
    [InlineData("""{"kind":"trends","dateRange":{"from":"-30d"},"interval":"week","series":[{"event":"signup","math":"dau"}],"breakdown":{"property":"city","type":"person"}}""")]
    [InlineData("""{"kind":"retention","dateRange":{"from":"-8w"},"period":"week","startEvent":{"event":"signup"},"returnEvent":{},"periods":4,"retentionType":"recurring"}""")]
    [InlineData("""{"kind":"distribution","dateRange":{"from":"-30d"},"event":"purchase","measure":"sum","property":"amount"}""")]
    [InlineData("""{"kind":"paths","dateRange":{"from":"-7d"},"startPoint":"/home","stepLimit":4,"pageviewProperty":"$pathname"}""")]
    public void SavedQuery_TheFieldsCanHold_OpensAsFields_AndMakesTheSameQuery(string json)
    {
        var saved = JsonNode.Parse(json)!.AsObject();

        var form = InsightForm.FromQuery(saved);

        Assert.Null(form.Json);
        Assert.True(JsonNode.DeepEquals(saved, form.ToQuery()), form.ToQuery().ToJsonString());
    }

    [Fact]
    public void SavedQuery_WithWhatTheFieldsCannotHold_OpensWholeInTheAdvancedBox()
    {
        var saved = JsonNode.Parse("""
            {"kind":"funnel","dateRange":{"from":"-30d"},"window":{"value":14,"unit":"day"},
             "steps":[{"event":"signup"},{"event":"purchase","properties":[{"key":"amount","operator":"gt","value":0}]}],
             "exclusions":[{"event":"refund"}]}
            """)!.AsObject();

        var form = InsightForm.FromQuery(saved);

        Assert.Equal("funnel", form.KindOrDefault);
        Assert.NotNull(form.Json);
        Assert.True(JsonNode.DeepEquals(saved, form.ToQuery()));
    }

    [Fact]
    public void QueryString_RoundTripsThroughTheFormBinding()
    {
        var form = new InsightForm { Kind = "trends", Events = ["a", "b"], MathOf = ["dau", "total"], MathProperties = ["", ""], FilterKeys = ["city"], FilterOperators = ["exact"], FilterValues = ["上海"], FilterTypes = ["event"] };

        var text = form.ToQueryString([new("pp.series", "1")]);

        var parsed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(text);
        Assert.Equal<string?>(["a", "b"], parsed["event"].ToList());
        Assert.Equal<string?>(["dau", "total"], parsed["math"].ToList());
        Assert.Equal("上海", parsed["fv"].ToString());
        Assert.Equal("1", parsed["pp.series"].ToString());
    }
}
