namespace Yunying.Analytics.Query;

/// <summary>What a trends series computes per bucket.</summary>
public enum TrendMath
{
    Total,
    Dau,
    WeeklyActive,
    MonthlyActive,
    AvgCountPerActor,
    Sum,
    Avg,
    Min,
    Max,
    Median,
    P90,
}

/// <summary>The math names of the query model (PostHog's, plus a few plain aliases).</summary>
public static class TrendMaths
{
    private static readonly Dictionary<string, TrendMath> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["total"] = TrendMath.Total,
        ["count"] = TrendMath.Total,
        ["dau"] = TrendMath.Dau,
        ["unique"] = TrendMath.Dau,
        ["unique_persons"] = TrendMath.Dau,
        ["weekly_active"] = TrendMath.WeeklyActive,
        ["wau"] = TrendMath.WeeklyActive,
        ["monthly_active"] = TrendMath.MonthlyActive,
        ["mau"] = TrendMath.MonthlyActive,
        ["avg_count_per_actor"] = TrendMath.AvgCountPerActor,
        ["per_person_average"] = TrendMath.AvgCountPerActor,
        ["avg_per_person"] = TrendMath.AvgCountPerActor,
        ["sum"] = TrendMath.Sum,
        ["avg"] = TrendMath.Avg,
        ["average"] = TrendMath.Avg,
        ["min"] = TrendMath.Min,
        ["max"] = TrendMath.Max,
        ["median"] = TrendMath.Median,
        ["p50"] = TrendMath.Median,
        ["p90"] = TrendMath.P90,
    };

    public static bool TryParse(string? name, out TrendMath math)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            math = TrendMath.Total;
            return true;
        }

        return Names.TryGetValue(name.Trim(), out math);
    }

    /// <summary>The canonical name (what answers carry).</summary>
    public static string Name(TrendMath math) => math switch
    {
        TrendMath.Total => "total",
        TrendMath.Dau => "dau",
        TrendMath.WeeklyActive => "weekly_active",
        TrendMath.MonthlyActive => "monthly_active",
        TrendMath.AvgCountPerActor => "avg_count_per_actor",
        TrendMath.Sum => "sum",
        TrendMath.Avg => "avg",
        TrendMath.Min => "min",
        TrendMath.Max => "max",
        TrendMath.Median => "median",
        _ => "p90",
    };

    /// <summary>Whether the math aggregates a numeric property.</summary>
    public static bool UsesProperty(TrendMath math) => math is TrendMath.Sum or TrendMath.Avg or TrendMath.Min or TrendMath.Max or TrendMath.Median or TrendMath.P90;

    /// <summary>Whether the math counts persons (through the person map).</summary>
    public static bool CountsPersons(TrendMath math) => math is TrendMath.Dau or TrendMath.WeeklyActive or TrendMath.MonthlyActive or TrendMath.AvgCountPerActor;

    /// <summary>The rolling window in days of <c>weekly_active</c> and <c>monthly_active</c>, else 0.</summary>
    public static int WindowDays(TrendMath math) => math switch
    {
        TrendMath.WeeklyActive => 7,
        TrendMath.MonthlyActive => 30,
        _ => 0,
    };

    /// <summary>Linear interpolation between the closest ranks (numpy's default, ClickHouse's quantileExactInclusive) of sorted values.</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
