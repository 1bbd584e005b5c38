using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Yunying.Analytics.Tests.Query;

/// <summary>Hand-checked trends through the real HTTP API, and its problem answers.</summary>
public sealed class QueryApiTests
{
    [Fact]
    public async Task Trends_CountsAndUniquePersonsPerShanghaiDay_HandChecked()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);
        // 2026-11-01 16:30Z is 2026-11-02 00:30 in Shanghai: it belongs to the second day.
        await server.SendBatchAsync("""
            [
              {"event":"view","distinct_id":"u1","timestamp":"2026-11-01T01:00:00Z","properties":{"city":"Beijing","amount":10}},
              {"event":"view","distinct_id":"u1","timestamp":"2026-11-01T02:00:00Z","properties":{"city":"Beijing","amount":20}},
              {"event":"view","distinct_id":"u2","timestamp":"2026-11-01T03:00:00Z","properties":{"city":"Shanghai"}},
              {"event":"buy","distinct_id":"u2","timestamp":"2026-11-01T04:00:00Z","properties":{"amount":99.5}}
            ]
            """, ct);
        await server.SealAsync(ct);
        await server.SendBatchAsync("""
            [
              {"event":"view","distinct_id":"u1","timestamp":"2026-11-01T16:30:00Z","properties":{"amount":30}},
              {"event":"view","distinct_id":"u3","timestamp":"2026-11-03T15:59:59Z","properties":{"city":"Beijing"}},
              {"event":"view","distinct_id":"u3","timestamp":"2026-11-03T16:00:00Z","properties":{"city":"Beijing"}}
            ]
            """, ct);

        var (status, body) = await server.QueryAsync("""
            {"kind":"trends","dateRange":{"from":"2026-11-01","to":"2026-11-03"},"interval":"day",
             "series":[{"event":"view"},{"event":"view","math":"unique"},{"event":"view","math":"sum","mathProperty":"amount"}]}
            """, ct);

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("trends", body["kind"]!.GetValue<string>());
        Assert.Equal("Asia/Shanghai", body["timeZone"]!.GetValue<string>());
        var lines = body["lines"]!.AsArray();
        Assert.Equal(3, lines.Count);
        Assert.Equal(["2026-11-01", "2026-11-02", "2026-11-03"], Strings(lines[0]!["labels"]));
        Assert.Equal("2026-11-01T00:00:00+08:00", lines[0]!["starts"]![0]!.GetValue<string>());
        Assert.Equal([3.0, 1, 1], Numbers(lines[0]!["values"]));
        Assert.Equal(5, lines[0]!["total"]!.GetValue<double>());
        Assert.Equal("total", lines[0]!["math"]!.GetValue<string>());
        Assert.Equal([2.0, 1, 1], Numbers(lines[1]!["values"]));
        Assert.Equal(3, lines[1]!["total"]!.GetValue<double>());
        Assert.Equal("dau", lines[1]!["math"]!.GetValue<string>());
        Assert.Equal([30.0, 30, 0], Numbers(lines[2]!["values"]));
    }

    [Fact]
    public async Task Trends_BreakdownWithLimitAndCompare_TopValuesNoneOtherAndPreviousPeriod()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);
        await server.SendBatchAsync("""
            [
              {"event":"view","distinct_id":"u1","timestamp":"2026-11-02T01:00:00Z","properties":{"city":"Beijing"}},
              {"event":"view","distinct_id":"u2","timestamp":"2026-11-02T01:00:00Z","properties":{"city":"Beijing"}},
              {"event":"view","distinct_id":"u3","timestamp":"2026-11-03T01:00:00Z","properties":{"city":"Hangzhou"}},
              {"event":"view","distinct_id":"u3","timestamp":"2026-11-03T02:00:00Z","properties":{"city":null}},
              {"event":"view","distinct_id":"u4","timestamp":"2026-11-03T03:00:00Z"},
              {"event":"view","distinct_id":"u1","timestamp":"2026-10-31T01:00:00Z","properties":{"city":"Beijing"}},
              {"event":"view","distinct_id":"u1","timestamp":"2026-10-30T01:00:00Z","properties":{"city":"Xian"}}
            ]
            """, ct);

        var (status, body) = await server.QueryAsync("""
            {"kind":"trends","dateRange":{"from":"2026-11-02","to":"2026-11-03"},
             "series":[{"event":"view"}],"breakdown":{"property":"city","limit":1},"compare":true}
            """, ct);

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        var lines = body["lines"]!.AsArray().Select(l => (
            Label: l!["breakdown"]!["label"]!.GetValue<string>(),
            Kind: l["breakdown"]!["kind"]!.GetValue<string>(),
            Compare: l["compare"]!.GetValue<string>(),
            Labels: Strings(l["labels"]),
            Values: Numbers(l["values"]))).ToList();
        Assert.Equal(
            [("Beijing", "value", "current"), ("(none)", "none", "current"), ("(other)", "other", "current"),
             ("Beijing", "value", "previous"), ("(none)", "none", "previous"), ("(other)", "other", "previous")],
            lines.Select(l => (l.Label, l.Kind, l.Compare)));
        Assert.Equal([2.0, 0], lines[0].Values);
        Assert.Equal([0.0, 2], lines[1].Values);
        Assert.Equal([0.0, 1], lines[2].Values);
        Assert.Equal(["2026-10-31", "2026-11-01"], lines[3].Labels);
        Assert.Equal([1.0, 0], lines[3].Values);
        Assert.Equal([0.0, 0], lines[4].Values);
        Assert.Equal([0.0, 0], lines[5].Values);
    }

    [Fact]
    public async Task Trends_NewYorkFallBack_TwentyFiveHourDayAndRepeatedHour()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);
        var patched = await server.Owner.PatchAsJsonAsync($"/api/projects/{server.ProjectId}", new { timeZone = "America/New_York" }, ct);
        Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync(ct));
        // 04:30Z is 00:30 EDT; 05:30Z 01:30 EDT; 06:30Z 01:30 EST (the hour again); 07:30Z 02:30 EST;
        // 2026-11-02 04:30Z is 23:30 EST, still the 1st; 2026-11-01 03:59Z is 23:59 EDT on the 31st.
        await server.SendBatchAsync("""
            [
              {"event":"tick","distinct_id":"u1","timestamp":"2026-11-01T04:30:00Z"},
              {"event":"tick","distinct_id":"u1","timestamp":"2026-11-01T05:30:00Z"},
              {"event":"tick","distinct_id":"u1","timestamp":"2026-11-01T06:30:00Z"},
              {"event":"tick","distinct_id":"u1","timestamp":"2026-11-01T07:30:00Z"},
              {"event":"tick","distinct_id":"u1","timestamp":"2026-11-02T04:30:00Z"},
              {"event":"tick","distinct_id":"u1","timestamp":"2026-11-01T03:59:00Z"}
            ]
            """, ct);

        var (dayStatus, days) = await server.QueryAsync("""{"kind":"trends","dateRange":{"from":"2026-10-31","to":"2026-11-02"},"series":[{}]}""", ct);
        var (hourStatus, hours) = await server.QueryAsync("""{"kind":"trends","dateRange":{"from":"2026-11-01","to":"2026-11-01"},"interval":"hour","series":[{"event":"tick"}]}""", ct);

        Assert.True(dayStatus == HttpStatusCode.OK, days.ToJsonString());
        Assert.Equal("America/New_York", days["timeZone"]!.GetValue<string>());
        Assert.Equal([1.0, 5, 0], Numbers(days["lines"]![0]!["values"]));
        Assert.True(hourStatus == HttpStatusCode.OK, hours.ToJsonString());
        var line = hours["lines"]![0]!;
        var labels = Strings(line["labels"]);
        Assert.Equal(25, labels.Length);
        Assert.Equal(["2026-11-01 00:00", "2026-11-01 01:00", "2026-11-01 01:00", "2026-11-01 02:00"], labels[..4]);
        Assert.Equal("2026-11-01T01:00:00-04:00", line["starts"]![1]!.GetValue<string>());
        Assert.Equal("2026-11-01T01:00:00-05:00", line["starts"]![2]!.GetValue<string>());
        Assert.Equal([1.0, 1, 1, 1], Numbers(line["values"])[..4]);
        Assert.Equal(1, Numbers(line["values"])[^1]);
    }

    [Fact]
    public async Task Trends_AnonymousEventsBeforeSignUp_CountForThePersonRetroactively()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);
        // a1 browses on the 1st and signs up as u1 on the 2nd; a2 never signs up; p3 sets a person property.
        await server.SendBatchAsync("""
            [
              {"event":"view","distinct_id":"a1","timestamp":"2026-11-01T02:00:00Z"},
              {"event":"view","distinct_id":"a2","timestamp":"2026-11-01T03:00:00Z"},
              {"event":"$identify","distinct_id":"u1","timestamp":"2026-11-02T02:00:00Z","properties":{"$anon_distinct_id":"a1","$set":{"plan":"pro"}}},
              {"event":"view","distinct_id":"u1","timestamp":"2026-11-02T03:00:00Z"},
              {"event":"view","distinct_id":"p3","timestamp":"2026-11-02T04:00:00Z","properties":{"$set":{"plan":"free"}}}
            ]
            """, ct);

        var (status, body) = await server.QueryAsync("""
            {"kind":"trends","dateRange":{"from":"2026-11-01","to":"2026-11-02"},
             "series":[{"event":"view","math":"dau"},{"event":"view","math":"dau","properties":[{"key":"plan","value":"pro","type":"person"}]}],
             "breakdown":{"property":"plan","type":"person"}}
            """, ct);

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        var lines = body["lines"]!.AsArray();
        var byPlan = lines.Where(l => l!["series"]!.GetValue<int>() == 0).ToDictionary(l => l!["breakdown"]!["label"]!.GetValue<string>(), l => (Values: Numbers(l!["values"]), Total: l!["total"]!.GetValue<double>()));
        // a1's view on the 1st is u1's: the pro person is active on both days but counted once in the total.
        Assert.Equal(["pro", "free", "(none)"], byPlan.Keys);
        Assert.Equal([1.0, 1], byPlan["pro"].Values);
        Assert.Equal(1, byPlan["pro"].Total);
        Assert.Equal([0.0, 1], byPlan["free"].Values);
        Assert.Equal([1.0, 0], byPlan["(none)"].Values);
        var proOnly = lines.Where(l => l!["series"]!.GetValue<int>() == 1).Select(l => l!["total"]!.GetValue<double>()).Sum();
        Assert.Equal(1, proOnly);
    }

    [Theory]
    [InlineData("""{"series":[{}]}""", "query.kind_missing")]
    [InlineData("""{"kind":"histogram"}""", "query.kind_unknown")]
    [InlineData("""{"kind":"people","limit":0}""", "query.invalid")]
    [InlineData("""{"kind":"people","rule":{"type":"performed","event":"x","lastDays":0}}""", "cohort.rule_invalid")]
    [InlineData("""{"kind":"trends","series":[{}],"breakdown":{"type":"cohort","property":"0190e3a4-0000-7000-8000-000000000000"}}""", "query.cohort_unknown")]
    [InlineData("""{"kind":"trends","series":[{}],"dateRange":{"from":"2026-13-45"}}""", "query.date_invalid")]
    [InlineData("""{"kind":"trends","series":[{}],"dateRange":{"from":"2026-11-05","to":"2026-11-01"}}""", "query.date_range_empty")]
    [InlineData("""{"kind":"trends","series":[{}],"timeZone":"Mars/Olympus"}""", "query.time_zone_unknown")]
    [InlineData("""{"kind":"trends","series":[{},{}],"formula":"A/C"}""", "query.formula_invalid")]
    [InlineData("""{"kind":"trends","series":[{}],"formula":"(A+"}""", "query.formula_invalid")]
    [InlineData("""{"kind":"trends","series":[{"math":"mode"}]}""", "query.invalid")]
    [InlineData("""{"kind":"trends","series":[{}],"interval":"fortnight"}""", "query.invalid")]
    [InlineData("""{"kind":"trends","series":[{}],"properties":[{"key":"x","operator":"near"}]}""", "query.filter_invalid")]
    [InlineData("""{"kind":"trends","series":[{}],"properties":[{"key":"x","operator":"regex","value":"(a)\\1"}]}""", "query.filter_invalid")]
    [InlineData("""{"kind":"trends","series":[{}],"properties":[{"key":"c1","type":"cohort"}]}""", "query.filter_invalid")]
    [InlineData("""not json""", "query.invalid")]
    public async Task Query_BadQuery_ProblemWithCode(string json, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);

        var (status, body) = await server.QueryAsync(json, ct);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, body["code"]!.GetValue<string>());
        Assert.Equal("urn:yunying:problem:" + code, body["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(body["detail"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"kind":"trends","properties":[{"key":"a","operator":"is_set"}],"series":[{"properties":[{"key":"b","operator":"near"}]}]}""", "series[0].properties[0]")]
    [InlineData("""{"kind":"trends","properties":[{"key":"a","operator":"near"}],"series":[{"properties":[{"key":"b","operator":"is_set"}]}]}""", "properties[0]")]
    [InlineData("""{"kind":"funnel","properties":[{"key":"a","operator":"is_set"}],"steps":[{"event":"x"},{"event":"y","properties":[{"key":"b","operator":"near"}]}]}""", "steps[1].properties[0]")]
    [InlineData("""{"kind":"retention","properties":[{"key":"a","operator":"is_set"},{"key":"c","operator":"is_set"}],"startEvent":{"event":"x","properties":[{"key":"b","operator":"near"}]}}""", "startEvent.properties[0]")]
    public async Task Query_BadStepFilterAfterQueryFilters_ErrorNamesTheStepsOwnFilter(string json, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);

        var (status, body) = await server.QueryAsync(json, ct);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("query.filter_invalid", body["code"]!.GetValue<string>());
        Assert.True(body["errors"]!.AsObject().ContainsKey(field), body.ToJsonString());
    }

    [Fact]
    public async Task Query_NoCredentialsOrUnknownProject_401And404()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QueryServer.StartAsync(ct);
        using var anonymous = server.Server.CreateClient();

        var (unauthenticated, _) = await server.QueryAsync("""{"kind":"trends","series":[{}]}""", ct, anonymous);
        var (missing, body) = await server.QueryAsync("""{"kind":"trends","series":[{}]}""", ct, projectId: Guid.NewGuid());

        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated);
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("project.not_found", body["code"]!.GetValue<string>());
    }

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];

    private static double[] Numbers(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<double>())];
}
