namespace Yunying.Analytics.Query.Overview;

/// <summary>New people who arrived through one acquisition value (a breakdown bucket: a value, <c>(none)</c> or <c>(other)</c>).</summary>
public sealed record OverviewChannel(BreakdownBucket Breakdown, long NewPeople);
