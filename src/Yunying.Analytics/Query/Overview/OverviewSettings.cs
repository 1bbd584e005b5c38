namespace Yunying.Analytics.Query.Overview;

/// <summary>The events and properties an overview was computed with (the query's, defaults filled in).</summary>
public sealed record OverviewSettings(
    string ActivationEvent,
    int ActivationDays,
    string RevenueEvent,
    string RevenueProperty,
    IReadOnlyList<string> ReferralEvents,
    string AcquisitionProperty,
    string InviteChannel);
