namespace Yunying.Analytics.Query.Overview;

/// <summary>One day's cohort of new people and its D1 / D7 retention (null while that day is not over).</summary>
public sealed record OverviewRetentionPoint(string Label, long NewPeople, double? D1, double? D7);
