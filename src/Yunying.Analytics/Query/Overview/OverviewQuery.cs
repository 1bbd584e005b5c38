using Yunying.Core.Results;

namespace Yunying.Analytics.Query.Overview;

/// <summary>
/// The AARRR overview of a period (the project's home): acquisition, activation, retention, revenue and
/// referral, each beside the previous period of the same length, and the stranger → paying → promoter funnel.
/// Every field has the demo product's default, so <c>{"kind": "overview"}</c> is a whole question.
/// </summary>
public sealed record OverviewQuery : AnalyticsQuery
{
    public const string DefaultFrom = "-29d";

    /// <summary>The event that shows a new person got the product's value (default <c>first_action</c>).</summary>
    public string ActivationEvent { get; init; } = "first_action";

    /// <summary>Days after a person is first seen within which the activation event counts (1–90, default 7).</summary>
    public int ActivationDays { get; init; } = 7;

    /// <summary>The event that carries revenue (default <c>purchase</c>).</summary>
    public string RevenueEvent { get; init; } = "purchase";

    /// <summary>The revenue event's numeric property summed as revenue (default <c>amount</c>).</summary>
    public string RevenueProperty { get; init; } = "amount";

    /// <summary>The events by which people bring others (default <c>invite</c> and <c>share</c>).</summary>
    public IReadOnlyList<string> ReferralEvents { get; init; } = ["invite", "share"];

    /// <summary>The event property new people are split by (default <c>utm_source</c>).</summary>
    public string AcquisitionProperty { get; init; } = "utm_source";

    /// <summary>The acquisition value of people brought by a referral (default <c>invite</c>), for the K-factor.</summary>
    public string InviteChannel { get; init; } = "invite";

    /// <summary>How many acquisition values are listed before the rest go to <c>(other)</c> (1–100, default 10).</summary>
    public int ChannelLimit { get; init; } = 10;

    internal override Result<AnalyticsResult> Run(QueryContext context) => OverviewAnalysis.Run(this, context);
}
