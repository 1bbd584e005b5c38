namespace Yunying.Analytics.Query.Retention;

/// <summary>The weighted mean of one period over the cohorts that have completed it.</summary>
/// <param name="Period">The period (0 is the cohort's own).</param>
/// <param name="Cohorts">How many cohorts have completed this period (cohorts with no persons included).</param>
/// <param name="Size">Their persons, summed.</param>
/// <param name="Retained">Their retained persons in this period, summed.</param>
/// <param name="Percentage"><paramref name="Retained"/> as a percentage of <paramref name="Size"/>; absent when <paramref name="Size"/> is 0.</param>
public sealed record RetentionMean(int Period, int Cohorts, long Size, long Retained, double? Percentage);
