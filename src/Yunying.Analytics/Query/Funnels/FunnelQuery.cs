namespace Yunying.Analytics.Query.Funnels;

/// <summary>
/// Funnels (漏斗分析): how many persons entered with the first step in the period and how far they got within
/// the conversion window, step by step. Each person counts once, through their best attempt (see
/// docs/analytics.md, "Funnels").
/// </summary>
public sealed record FunnelQuery : AnalyticsQuery
{
    /// <summary>The steps, in funnel order (2 to 20).</summary>
    public IReadOnlyList<FunnelStep> Steps { get; init; } = [];

    /// <summary>How long after entering a person may complete the later steps; default 14 days.</summary>
    public FunnelWindow? Window { get; init; }

    /// <summary><c>ordered</c> (default: other events may come between steps), <c>strict</c> or <c>unordered</c>.</summary>
    public FunnelOrder Order { get; init; } = FunnelOrder.Ordered;

    /// <summary>Events that disqualify an attempt when they happen between two of its steps (at most 12).</summary>
    public IReadOnlyList<FunnelExclusion>? Exclusions { get; init; }

    /// <summary>Split the funnel by one event or person property; each person counts in one value (see <see cref="Attribution"/>).</summary>
    public Breakdown? Breakdown { get; init; }

    /// <summary>Which event of an attempt gives its breakdown value: <c>first_touch</c> (default), <c>last_touch</c> or <c>step</c>.</summary>
    public FunnelAttribution Attribution { get; init; } = FunnelAttribution.FirstTouch;

    /// <summary>The step (0-based) whose event gives the breakdown value when <see cref="Attribution"/> is <c>step</c>.</summary>
    public int? AttributionStep { get; init; }

    /// <summary>An event property every step of one conversion must share (属性关联漏斗, e.g. <c>product_id</c>).</summary>
    public string? LinkProperty { get; init; }

    /// <summary>Also answer a histogram of the time from one step to another.</summary>
    public FunnelTimeToConvert? TimeToConvert { get; init; }

    /// <summary>Also answer the conversion of the persons who entered in each interval.</summary>
    public FunnelTrendOptions? Trend { get; init; }

    /// <summary>Also list the persons who reached (or dropped off at) one step.</summary>
    public FunnelPeopleOptions? People { get; init; }

    internal override Core.Results.Result<AnalyticsResult> Run(QueryContext context) => FunnelAnalysis.Run(this, context);
}
