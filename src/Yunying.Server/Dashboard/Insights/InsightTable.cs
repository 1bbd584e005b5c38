using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Distribution;
using Yunying.Analytics.Query.Funnels;
using Yunying.Analytics.Query.Lifecycle;
using Yunying.Analytics.Query.Paths;
using Yunying.Analytics.Query.Retention;
using Yunying.Analytics.Query.Stickiness;
using Yunying.Core.Text;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard.Insights;

/// <summary>One cell of an insight's table: its text, and where clicking it leads (the persons behind the number).</summary>
public sealed record InsightCell(string Text, string? Href = null, bool Number = false, string? Csv = null)
{
    /// <summary>A number: grouped for reading, plain in CSV.</summary>
    public static InsightCell Of(double value, string? href = null) =>
        new(InsightTable.Number(value), href, true, value.ToString(CultureInfo.InvariantCulture));
}

/// <summary>
/// The numbers of an answer as tables, the same numbers the chart draws: the table view under every chart, and
/// the CSV export. One table per breakdown group or retention matrix.
/// </summary>
public sealed record InsightTable(string? Caption, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<InsightCell>> Rows)
{
    /// <summary>
    /// The tables of <paramref name="result"/>. <paramref name="people"/> turns a drill-down's options (as
    /// <c>pp.*</c> query parameters) into the link to those persons; null for no links.
    /// </summary>
    public static IReadOnlyList<InsightTable> Of(AnalyticsResult result, IStringLocalizer<SharedResource> t, Func<IEnumerable<KeyValuePair<string, string?>>, string>? people) =>
        result switch
        {
            TrendsResult trends => [Trends(trends, t, people)],
            FunnelResult funnel => [.. funnel.Groups.Select(g => Funnel(g, t, people))],
            RetentionResult retention => [.. retention.Matrices.Select(m => Retention(retention, m, t, people))],
            LifecycleResult lifecycle => [Lifecycle(lifecycle, t, people)],
            StickinessResult stickiness => [Stickiness(stickiness, t, people)],
            DistributionResult distribution => [Distribution(distribution, t)],
            PathsResult paths => [Paths(paths, t)],
            _ => [],
        };

    /// <summary>Every table as one CSV document (RFC 4180), a group column first when there are several.</summary>
    public static string ToCsv(IReadOnlyList<InsightTable> tables)
    {
        var csv = new StringBuilder();
        var grouped = tables.Count > 1 || tables.Any(x => x.Caption is not null);
        if (tables.Count == 0)
        {
            return string.Empty;
        }

        Line(csv, grouped ? ["group", .. tables[0].Headers] : tables[0].Headers);
        foreach (var table in tables)
        {
            foreach (var row in table.Rows)
            {
                var cells = row.Select(c => c.Csv ?? c.Text);
                Line(csv, grouped ? [table.Caption ?? string.Empty, .. cells] : [.. cells]);
            }
        }

        return csv.ToString();
    }

    public static string Number(double value) =>
        Math.Abs(value - Math.Round(value)) < 1e-9 ? Math.Round(value).ToString("N0", CultureInfo.InvariantCulture) : value.ToString("N2", CultureInfo.InvariantCulture);

    public static string Percent(double ratio) => (ratio * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static void Line(StringBuilder csv, IEnumerable<string> cells)
    {
        csv.AppendJoin(',', cells.Select(Csv.Field)).Append("\r\n");
    }

    private static IEnumerable<KeyValuePair<string, string?>> BucketPairs(BreakdownBucket? bucket) => bucket is null
        ? []
        : [new("pp.breakdown.label", bucket.Label), new("pp.breakdown.kind", bucket.Kind.ToString().ToLowerInvariant())];

    private static string Seconds(double? seconds) => seconds switch
    {
        null => string.Empty,
        < 60 => $"{seconds:0}s",
        < 3600 => $"{seconds / 60:0.#}m",
        < 86400 => $"{seconds / 3600:0.#}h",
        _ => $"{seconds / 86400:0.#}d",
    };

    private static InsightTable Trends(TrendsResult result, IStringLocalizer<SharedResource> t, Func<IEnumerable<KeyValuePair<string, string?>>, string>? people)
    {
        var labels = result.Lines.FirstOrDefault()?.Labels ?? [];
        var rows = new List<IReadOnlyList<InsightCell>>();
        foreach (var line in result.Lines)
        {
            var name = line.Label;
            if (line.Breakdown is { } bucket)
            {
                name += " · " + bucket.Label;
            }

            if (line.Compare == "previous")
            {
                name += " (" + t["Insight.Previous"] + ")";
            }

            var cells = new List<InsightCell> { new(name), InsightCell.Of(line.Total) };
            for (var i = 0; i < line.Values.Count; i++)
            {
                // A formula's point (series -1) has no persons of its own.
                var drill = people is not null && line.Series >= 0
                    ? people([
                        new("pp.series", line.Series.ToString(CultureInfo.InvariantCulture)),
                        new("pp.date", line.Labels[i]),
                        .. line.Compare == "previous" ? [new KeyValuePair<string, string?>("pp.compare", "previous")] : Array.Empty<KeyValuePair<string, string?>>(),
                        .. BucketPairs(line.Breakdown),
                    ])
                    : null;
                cells.Add(InsightCell.Of(line.Values[i], drill));
            }

            rows.Add(cells);
        }

        return new InsightTable(null, [t["Insight.Series"], t["Insight.Total"], .. labels], rows);
    }

    private static InsightTable Funnel(FunnelGroup group, IStringLocalizer<SharedResource> t, Func<IEnumerable<KeyValuePair<string, string?>>, string>? people)
    {
        var rows = new List<IReadOnlyList<InsightCell>>();
        foreach (var step in group.Steps)
        {
            var index = step.Index.ToString(CultureInfo.InvariantCulture);
            var converted = people?.Invoke([new("pp.step", index), .. BucketPairs(group.Breakdown)]);
            var dropped = step.Index > 0 ? people?.Invoke([new("pp.step", index), new("pp.dropped", "true"), .. BucketPairs(group.Breakdown)]) : null;
            rows.Add([
                new((step.Index + 1).ToString(CultureInfo.InvariantCulture) + ". " + step.Label),
                InsightCell.Of(step.Count, converted),
                new(Percent(step.ConversionRate), Number: true),
                new(Percent(step.StepConversionRate), Number: true),
                InsightCell.Of(step.DroppedOff, dropped),
                new(Seconds(step.MedianSeconds), Number: true),
                new(Seconds(step.AverageSeconds), Number: true),
            ]);
        }

        return new InsightTable(group.Breakdown?.Label, [t["Insight.Step"], t["Insight.Persons"], t["Insight.Conversion"], t["Insight.StepConversion"], t["Insight.Dropped"], t["Insight.MedianTime"], t["Insight.AverageTime"]], rows);
    }

    private static InsightTable Retention(RetentionResult result, RetentionMatrix matrix, IStringLocalizer<SharedResource> t, Func<IEnumerable<KeyValuePair<string, string?>>, string>? people)
    {
        var rows = new List<IReadOnlyList<InsightCell>>();
        for (var c = 0; c < matrix.Cohorts.Count; c++)
        {
            var cohort = matrix.Cohorts[c];
            var cells = new List<InsightCell> { new(cohort.Label), InsightCell.Of(cohort.Size) };
            for (var p = 0; p <= result.Periods; p++)
            {
                if (p >= cohort.Values.Count)
                {
                    cells.Add(new(string.Empty));
                    continue;
                }

                var drill = people?.Invoke([new("pp.cohort", cohort.Label), new("pp.period", p.ToString(CultureInfo.InvariantCulture)), .. BucketPairs(matrix.Breakdown)]);
                cells.Add(new($"{Percent(cohort.Percentages[p] / 100)} ({Number(cohort.Values[p])})", drill, true, cohort.Values[p].ToString(CultureInfo.InvariantCulture)));
            }

            rows.Add(cells);
        }

        var mean = new List<InsightCell> { new(t["Insight.Mean"]), new(string.Empty) };
        mean.AddRange(Enumerable.Range(0, result.Periods + 1).Select(p =>
            matrix.Mean.FirstOrDefault(m => m.Period == p)?.Percentage is { } pct ? new InsightCell(Percent(pct / 100), Number: true) : new InsightCell(string.Empty)));
        rows.Add(mean);
        var headers = new List<string> { t["Insight.Cohort"], t["Insight.Size"] };
        headers.AddRange(Enumerable.Range(0, result.Periods + 1).Select(p => t["Insight.PeriodN", t["Insight.Interval." + result.Period.ToString().ToLowerInvariant()], p].Value));
        return new InsightTable(matrix.Breakdown?.Label, headers, rows);
    }

    private static InsightTable Lifecycle(LifecycleResult result, IStringLocalizer<SharedResource> t, Func<IEnumerable<KeyValuePair<string, string?>>, string>? people)
    {
        var rows = result.Lines.Select(line =>
        {
            var cells = new List<InsightCell> { new(t["Insight.Status." + line.Status]), InsightCell.Of(line.Total) };
            cells.AddRange(line.Values.Select((v, i) => InsightCell.Of(
                v,
                people?.Invoke([new("pp.date", result.Labels[i]), new("pp.status", line.Status)]))));
            return (IReadOnlyList<InsightCell>)cells;
        }).ToList();
        return new InsightTable(null, [t["Insight.Status"], t["Insight.Total"], .. result.Labels], rows);
    }

    private static InsightTable Stickiness(StickinessResult result, IStringLocalizer<SharedResource> t, Func<IEnumerable<KeyValuePair<string, string?>>, string>? people)
    {
        var rows = result.ActiveIntervals.Select((n, i) => (IReadOnlyList<InsightCell>)[
            new(n.ToString(CultureInfo.InvariantCulture)),
            InsightCell.Of(result.Persons[i], people?.Invoke([new("pp.bucket", n.ToString(CultureInfo.InvariantCulture))])),
            new(result.Total == 0 ? string.Empty : Percent((double)result.Persons[i] / result.Total), Number: true),
        ]).ToList();
        return new InsightTable(null, [t["Insight.ActiveIntervals", t["Insight.Interval." + result.Interval.ToString().ToLowerInvariant()]], t["Insight.Persons"], t["Insight.Share"]], rows);
    }

    private static InsightTable Distribution(DistributionResult result, IStringLocalizer<SharedResource> t)
    {
        var rows = result.Buckets.Select(b => (IReadOnlyList<InsightCell>)[
            new(b.Label),
            InsightCell.Of(b.Persons),
            new(result.Total == 0 ? string.Empty : Percent((double)b.Persons / result.Total), Number: true),
        ]).ToList();
        return new InsightTable(null, [t["Insight.Bucket"], t["Insight.Persons"], t["Insight.Share"]], rows);
    }

    private static InsightTable Paths(PathsResult result, IStringLocalizer<SharedResource> t)
    {
        var rows = result.Links.Select(link =>
        {
            var source = result.Nodes[link.Source];
            var target = result.Nodes[link.Target];
            return (IReadOnlyList<InsightCell>)[
                new(source.Step.ToString(CultureInfo.InvariantCulture)),
                new(source.Name),
                new(target.Name),
                InsightCell.Of(link.Value),
                InsightCell.Of(link.Persons),
                new(Seconds(link.AverageSeconds), Number: true),
            ];
        }).ToList();
        return new InsightTable(null, [t["Insight.Step"], t["Insight.PathFrom"], t["Insight.PathTo"], t["Insight.Paths"], t["Insight.Persons"], t["Insight.AverageTime"]], rows);
    }
}
