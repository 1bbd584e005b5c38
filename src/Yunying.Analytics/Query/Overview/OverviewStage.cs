namespace Yunying.Analytics.Query.Overview;

/// <summary>One stage of the AARRR funnel: <c>new</c>, <c>activated</c>, <c>paying</c> or <c>promoter</c>.</summary>
public sealed record OverviewStage(string Stage, long People);
