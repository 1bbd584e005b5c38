using System.Globalization;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Distribution;
using Yunying.Analytics.Query.Lifecycle;
using Yunying.Analytics.Query.Retention;
using Yunying.Analytics.Query.Stickiness;

namespace Yunying.Cli.Commands.Query;

/// <summary>Retention, lifecycle, stickiness and distribution answers as rows for the table and CSV formats.</summary>
public static class RetentionTables
{
    /// <summary>A header row and the data rows, or null for a kind this class does not lay out.</summary>
    public static List<string[]>? Rows(AnalyticsResult result) => result switch
    {
        RetentionResult retention => Retention(retention),
        LifecycleResult lifecycle => Lifecycle(lifecycle),
        StickinessResult stickiness => Stickiness(stickiness),
        DistributionResult distribution => Distribution(distribution),
        _ => null,
    };

    /// <summary>One row per cohort (size, then retained persons per period; blank where a period has not begun) and a mean row in percent, per breakdown bucket.</summary>
    private static List<string[]> Retention(RetentionResult result)
    {
        var breakdown = result.Matrices.Any(m => m.Breakdown is not null);
        var periods = Enumerable.Range(0, result.Periods + 1).Select(k => $"period {k}");
        List<string[]> rows = [[.. breakdown ? ["breakdown"] : Array.Empty<string>(), "cohort", "size", .. periods]];
        foreach (var matrix in result.Matrices)
        {
            string[] Lead(string cohort) => breakdown ? [matrix.Breakdown?.Label ?? string.Empty, cohort] : [cohort];
            foreach (var cohort in matrix.Cohorts)
            {
                var cells = Enumerable.Range(0, result.Periods + 1).Select(k => k < cohort.Values.Count ? Number(cohort.Values[k]) : string.Empty);
                rows.Add([.. Lead(cohort.Label), Number(cohort.Size), .. cells]);
            }

            var mean = matrix.Mean.Select(m => m.Percentage is { } p ? p.ToString("F1", CultureInfo.InvariantCulture) + "%" : string.Empty);
            rows.Add([.. Lead("mean"), Number(matrix.Mean.Count > 0 ? matrix.Mean[0].Size : 0), .. mean]);
        }

        return rows;
    }

    private static List<string[]> Lifecycle(LifecycleResult result)
    {
        List<string[]> rows = [["bucket", .. result.Lines.Select(l => l.Status)]];
        for (var i = 0; i < result.Labels.Count; i++)
        {
            rows.Add([result.Labels[i], .. result.Lines.Select(l => Number(l.Values[i]))]);
        }

        rows.Add(["total", .. result.Lines.Select(l => Number(l.Total))]);
        return rows;
    }

    private static List<string[]> Stickiness(StickinessResult result)
    {
        var unit = result.Interval.ToString().ToLowerInvariant() + "s";
        List<string[]> rows = [[$"active {unit}" + (result.Cumulative ? " (at least)" : string.Empty), "persons"]];
        for (var i = 0; i < result.Persons.Count; i++)
        {
            rows.Add([Number(result.ActiveIntervals[i]), Number(result.Persons[i])]);
        }

        rows.Add(["total", Number(result.Total)]);
        return rows;
    }

    private static List<string[]> Distribution(DistributionResult result)
    {
        List<string[]> rows = [[result.Measure == DistributionMeasure.Sum ? $"sum of {result.Property}" : "times", "persons"]];
        rows.AddRange(result.Buckets.Select(b => new[] { b.Label, Number(b.Persons) }));
        rows.Add(["total", Number(result.Total)]);
        return rows;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
