using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;

namespace Yunying.Server.Dashboard.Insights;

/// <summary>
/// The insight builder's form, read from and written to the page's query string, so an insight is a link: the
/// form survives every redraw, the back button works and a URL can be shared. It becomes exactly the JSON the
/// query API takes (<see cref="ToQuery"/>), and a saved query becomes the form again (<see cref="FromQuery"/>);
/// a query the form cannot show field by field stays in <see cref="Json"/>, the advanced box.
/// </summary>
public sealed class InsightForm
{
    public static readonly string[] Kinds = ["trends", "funnel", "retention", "lifecycle", "stickiness", "distribution", "paths"];

    public static readonly string[] Maths = ["total", "dau", "weekly_active", "monthly_active", "avg_count_per_actor", "sum", "avg", "min", "max", "median", "p90"];

    public static readonly string[] Intervals = ["hour", "day", "week", "month"];

    public static readonly string[] Operators = ["exact", "is_not", "icontains", "not_icontains", "regex", "not_regex", "gt", "gte", "lt", "lte", "is_set", "is_not_set", "in", "not_in"];

    public static readonly string[] WindowUnits = ["minute", "hour", "day", "week", "month"];

    public static readonly string[] Displays = ["line", "bar", "stacked"];

    [FromQuery(Name = "kind")]
    public string? Kind { get; set; }

    [FromQuery(Name = "from")]
    public string? From { get; set; }

    [FromQuery(Name = "to")]
    public string? To { get; set; }

    [FromQuery(Name = "interval")]
    public string? Interval { get; set; }

    /// <summary>Trends: one per series; funnels: one per step; lifecycle, stickiness, distribution: the first; retention: the start event.</summary>
    [FromQuery(Name = "event")]
    public string[] Events { get; set; } = [];

    /// <summary>Trends: the math of each series (same positions as <see cref="Events"/>).</summary>
    [FromQuery(Name = "math")]
    public string[] MathOf { get; set; } = [];

    /// <summary>Trends: the numeric property of each series' property math.</summary>
    [FromQuery(Name = "mathProperty")]
    public string[] MathProperties { get; set; } = [];

    [FromQuery(Name = "formula")]
    public string? Formula { get; set; }

    [FromQuery(Name = "display")]
    public string? Display { get; set; }

    [FromQuery(Name = "returnEvent")]
    public string? ReturnEvent { get; set; }

    [FromQuery(Name = "periods")]
    public int? Periods { get; set; }

    [FromQuery(Name = "retentionType")]
    public string? RetentionType { get; set; }

    [FromQuery(Name = "returnMode")]
    public string? ReturnMode { get; set; }

    [FromQuery(Name = "window")]
    public int? Window { get; set; }

    [FromQuery(Name = "windowUnit")]
    public string? WindowUnit { get; set; }

    [FromQuery(Name = "order")]
    public string? Order { get; set; }

    [FromQuery(Name = "linkProperty")]
    public string? LinkProperty { get; set; }

    [FromQuery(Name = "measure")]
    public string? Measure { get; set; }

    [FromQuery(Name = "property")]
    public string? Property { get; set; }

    [FromQuery(Name = "startPoint")]
    public string? StartPoint { get; set; }

    [FromQuery(Name = "endPoint")]
    public string? EndPoint { get; set; }

    [FromQuery(Name = "stepLimit")]
    public int? StepLimit { get; set; }

    [FromQuery(Name = "pageviewProperty")]
    public string? PageviewProperty { get; set; }

    /// <summary>Filters: key, operator, value and scope (event, person, cohort) at the same positions.</summary>
    [FromQuery(Name = "fk")]
    public string[] FilterKeys { get; set; } = [];

    [FromQuery(Name = "fo")]
    public string[] FilterOperators { get; set; } = [];

    [FromQuery(Name = "fv")]
    public string[] FilterValues { get; set; } = [];

    [FromQuery(Name = "ft")]
    public string[] FilterTypes { get; set; } = [];

    [FromQuery(Name = "by")]
    public string? Breakdown { get; set; }

    [FromQuery(Name = "byType")]
    public string? BreakdownType { get; set; }

    [FromQuery(Name = "byLimit")]
    public int? BreakdownLimit { get; set; }

    [FromQuery(Name = "compare")]
    public bool Compare { get; set; }

    /// <summary>The advanced box: a whole query as the API takes it. When set it is the insight, and the fields are ignored.</summary>
    [FromQuery(Name = "json")]
    public string? Json { get; set; }

    public string KindOrDefault => Kinds.Contains(Kind) ? Kind! : "trends";

    /// <summary>Whether anything was asked: a page opened without a query shows the form with its defaults and an example.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(Json) && Events.All(string.IsNullOrWhiteSpace) && string.IsNullOrWhiteSpace(StartPoint) && string.IsNullOrWhiteSpace(EndPoint) && KindOrDefault != "paths";

    public string FromOrDefault => Blank(From) ?? KindOrDefault switch
    {
        "retention" or "lifecycle" => "-7w",
        "stickiness" => "-29d",
        _ => "-30d",
    };

    public string IntervalOrDefault => Intervals.Contains(Interval) ? Interval! : KindOrDefault is "retention" or "lifecycle" ? "week" : "day";

    /// <summary>The events of the form with blanks dropped, at least <paramref name="count"/> slots for the inputs.</summary>
    public IReadOnlyList<string> EventSlots(int count) => [.. Events.Concat(Enumerable.Repeat(string.Empty, Math.Max(0, count - Events.Length)))];

    public string At(string[] values, int index) => index < values.Length ? values[index] ?? string.Empty : string.Empty;

    /// <summary>The query the form describes, as the API takes it.</summary>
    public JsonObject ToQuery()
    {
        if (Blank(Json) is { } json && JsonNode.Parse(json) is JsonObject raw)
        {
            return raw;
        }

        var kind = KindOrDefault;
        var query = new JsonObject { ["kind"] = kind };
        var range = new JsonObject { ["from"] = FromOrDefault };
        if (Blank(To) is { } to)
        {
            range["to"] = to;
        }

        query["dateRange"] = range;
        var events = Events.Select(Blank).ToList();
        switch (kind)
        {
            case "trends":
                query["interval"] = IntervalOrDefault;
                var series = new JsonArray();
                for (var i = 0; i < Math.Max(1, events.Count); i++)
                {
                    var one = new JsonObject();
                    if (i < events.Count && events[i] is { } name)
                    {
                        one["event"] = name;
                    }
                    else if (i > 0)
                    {
                        continue;
                    }

                    var math = Blank(At(MathOf, i)) ?? "total";
                    one["math"] = math;
                    if (Blank(At(MathProperties, i)) is { } property)
                    {
                        one["mathProperty"] = property;
                    }

                    series.Add(one);
                }

                query["series"] = series;
                if (Blank(Formula) is { } formula)
                {
                    query["formula"] = formula;
                }

                break;
            case "funnel":
                query["steps"] = new JsonArray([.. events.Where(e => e is not null).Select(e => (JsonNode)new JsonObject { ["event"] = e })]);
                query["window"] = new JsonObject { ["value"] = Window ?? 14, ["unit"] = WindowUnits.Contains(WindowUnit) ? WindowUnit : "day" };
                if (Blank(Order) is { } order)
                {
                    query["order"] = order;
                }

                if (Blank(LinkProperty) is { } link)
                {
                    query["linkProperty"] = link;
                }

                break;
            case "retention":
                query["period"] = IntervalOrDefault == "hour" ? "day" : IntervalOrDefault;
                query["startEvent"] = EventObject(events.FirstOrDefault());
                query["returnEvent"] = EventObject(Blank(ReturnEvent));
                if (Periods is { } periods)
                {
                    query["periods"] = periods;
                }

                if (Blank(RetentionType) is { } type)
                {
                    query["retentionType"] = type;
                }

                if (Blank(ReturnMode) is { } mode)
                {
                    query["returnMode"] = mode;
                }

                break;
            case "lifecycle" or "stickiness":
                query["interval"] = IntervalOrDefault == "hour" ? "day" : IntervalOrDefault;
                if (events.FirstOrDefault() is { } lifecycleEvent)
                {
                    query["event"] = lifecycleEvent;
                }

                break;
            case "distribution":
                if (events.FirstOrDefault() is { } measured)
                {
                    query["event"] = measured;
                }

                if (Blank(Measure) == "sum")
                {
                    query["measure"] = "sum";
                    query["property"] = Blank(Property);
                }

                break;
            case "paths":
                if (Blank(StartPoint) is { } start)
                {
                    query["startPoint"] = start;
                }

                if (Blank(EndPoint) is { } end)
                {
                    query["endPoint"] = end;
                }

                if (StepLimit is { } steps)
                {
                    query["stepLimit"] = steps;
                }

                if (Blank(PageviewProperty) is { } pageview)
                {
                    query["pageviewProperty"] = pageview;
                }

                break;
        }

        var filters = Filters();
        if (filters.Count > 0)
        {
            query["properties"] = filters;
        }

        if (Blank(Breakdown) is { } by && kind is not ("lifecycle" or "stickiness" or "distribution" or "paths"))
        {
            var breakdown = new JsonObject { ["property"] = by };
            if (Blank(BreakdownType) is { } byType and not "event")
            {
                breakdown["type"] = byType;
            }

            if (BreakdownLimit is { } limit)
            {
                breakdown["limit"] = limit;
            }

            query["breakdown"] = breakdown;
        }

        if (Compare && kind == "trends")
        {
            query["compare"] = true;
        }

        return query;
    }

    /// <summary>
    /// The form for a saved query. Whatever the fields cannot hold (step filters, exclusions, a time zone…)
    /// keeps the whole query in the advanced box, so opening a saved insight never loses part of it.
    /// </summary>
    public static InsightForm FromQuery(JsonObject query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var form = new InsightForm { Kind = query["kind"]?.GetValue<string>() };
        if (form.Kind is null || !Kinds.Contains(form.Kind))
        {
            form.Json = query.ToJsonString();
            return form;
        }

        form.From = query["dateRange"]?["from"]?.ToString();
        form.To = query["dateRange"]?["to"]?.ToString();
        form.Interval = (query["interval"] ?? query["period"])?.ToString();
        switch (form.Kind)
        {
            case "trends":
                var series = query["series"]?.AsArray() ?? [];
                form.Events = [.. series.Select(s => s?["event"]?.ToString() ?? string.Empty)];
                form.MathOf = [.. series.Select(s => s?["math"]?.ToString() ?? "total")];
                form.MathProperties = [.. series.Select(s => s?["mathProperty"]?.ToString() ?? string.Empty)];
                form.Formula = query["formula"]?.ToString();
                form.Compare = query["compare"]?.GetValue<bool>() ?? false;
                break;
            case "funnel":
                form.Events = [.. (query["steps"]?.AsArray() ?? []).Select(s => s?["event"]?.ToString() ?? string.Empty)];
                form.Window = query["window"]?["value"]?.GetValue<int>();
                form.WindowUnit = query["window"]?["unit"]?.ToString();
                form.Order = query["order"]?.ToString();
                form.LinkProperty = query["linkProperty"]?.ToString();
                break;
            case "retention":
                form.Events = [query["startEvent"]?["event"]?.ToString() ?? string.Empty];
                form.ReturnEvent = query["returnEvent"]?["event"]?.ToString();
                form.Periods = query["periods"]?.GetValue<int>();
                form.RetentionType = query["retentionType"]?.ToString();
                form.ReturnMode = query["returnMode"]?.ToString();
                break;
            case "lifecycle" or "stickiness" or "distribution":
                form.Events = [query["event"]?.ToString() ?? string.Empty];
                form.Measure = query["measure"]?.ToString();
                form.Property = query["property"]?.ToString();
                break;
            case "paths":
                form.StartPoint = query["startPoint"]?.ToString();
                form.EndPoint = query["endPoint"]?.ToString();
                form.StepLimit = query["stepLimit"]?.GetValue<int>();
                form.PageviewProperty = query["pageviewProperty"]?.ToString();
                break;
        }

        var filters = query["properties"]?.AsArray() ?? [];
        form.FilterKeys = [.. filters.Select(f => f?["key"]?.ToString() ?? string.Empty)];
        form.FilterOperators = [.. filters.Select(f => f?["operator"]?.ToString() ?? "exact")];
        form.FilterValues = [.. filters.Select(f => f?["value"] is JsonArray list ? string.Join(",", list.Select(v => v?.ToString())) : f?["value"]?.ToString() ?? string.Empty)];
        form.FilterTypes = [.. filters.Select(f => f?["type"]?.ToString() ?? "event")];

        form.Breakdown = query["breakdown"]?["property"]?.ToString();
        form.BreakdownType = query["breakdown"]?["type"]?.ToString();
        form.BreakdownLimit = query["breakdown"]?["limit"]?.GetValue<int>();

        // Anything the fields would drop keeps the query whole in the advanced box.
        if (!JsonNode.DeepEquals(form.ToQuery(), query))
        {
            return new InsightForm { Kind = form.Kind, Json = query.ToJsonString() };
        }

        return form;
    }

    /// <summary>The query string of this form, with <paramref name="extra"/> (drill-down or output choices) added.</summary>
    public string ToQueryString(IEnumerable<KeyValuePair<string, string?>>? extra = null)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                pairs.Add(new(key, value));
            }
        }

        if (Blank(Json) is { } json)
        {
            Add("kind", KindOrDefault);
            Add("json", json);
        }
        else
        {
            Add("kind", KindOrDefault);
            Add("from", From);
            Add("to", To);
            Add("interval", Interval);
            foreach (var (e, i) in Events.Select((e, i) => (e, i)))
            {
                Add("event", e ?? string.Empty);
                if (KindOrDefault == "trends")
                {
                    pairs.Add(new("math", At(MathOf, i)));
                    pairs.Add(new("mathProperty", At(MathProperties, i)));
                }
            }

            Add("formula", Formula);
            Add("display", Display);
            Add("returnEvent", ReturnEvent);
            Add("periods", Periods?.ToString(CultureInfo.InvariantCulture));
            Add("retentionType", RetentionType);
            Add("returnMode", ReturnMode);
            Add("window", Window?.ToString(CultureInfo.InvariantCulture));
            Add("windowUnit", WindowUnit);
            Add("order", Order);
            Add("linkProperty", LinkProperty);
            Add("measure", Measure);
            Add("property", Property);
            Add("startPoint", StartPoint);
            Add("endPoint", EndPoint);
            Add("stepLimit", StepLimit?.ToString(CultureInfo.InvariantCulture));
            Add("pageviewProperty", PageviewProperty);
            for (var i = 0; i < FilterKeys.Length; i++)
            {
                if (Blank(FilterKeys[i]) is null)
                {
                    continue;
                }

                pairs.Add(new("fk", FilterKeys[i]));
                pairs.Add(new("fo", At(FilterOperators, i)));
                pairs.Add(new("fv", At(FilterValues, i)));
                pairs.Add(new("ft", At(FilterTypes, i)));
            }

            Add("by", Breakdown);
            Add("byType", BreakdownType);
            Add("byLimit", BreakdownLimit?.ToString(CultureInfo.InvariantCulture));
            if (Compare)
            {
                Add("compare", "true");
            }
        }

        pairs.AddRange(extra ?? []);
        return QueryString.Create(pairs).ToUriComponent();
    }

    /// <summary>The query's filters; a comma-separated value is a list (any of them), a number stays a number.</summary>
    private JsonArray Filters()
    {
        var filters = new JsonArray();
        for (var i = 0; i < FilterKeys.Length; i++)
        {
            if (Blank(FilterKeys[i]) is not { } key)
            {
                continue;
            }

            var op = Blank(At(FilterOperators, i)) ?? "exact";
            var type = Blank(At(FilterTypes, i)) ?? (op is "in" or "not_in" ? "cohort" : "event");
            var filter = new JsonObject { ["key"] = key, ["operator"] = op };
            if (type != "event")
            {
                filter["type"] = type;
            }

            var text = At(FilterValues, i).Trim();
            if (op is not ("is_set" or "is_not_set" or "in" or "not_in"))
            {
                var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var numeric = op is "gt" or "gte" or "lt" or "lte" or "between" or "not_between";
                filter["value"] = op is "between" or "not_between" || parts.Length > 1
                    ? new JsonArray([.. parts.Select(p => Value(p, numeric))])
                    : Value(text, numeric);
            }

            filters.Add(filter);
        }

        return filters;
    }

    /// <summary>Numeric operators get numbers; equality keeps the text, which finds numbers written the same way.</summary>
    private static JsonNode? Value(string text, bool numeric) =>
        numeric && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : JsonValue.Create(text);

    private static JsonObject EventObject(string? name) => name is null ? [] : new JsonObject { ["event"] = name };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
