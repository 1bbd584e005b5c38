using Yunying.Core.Results;

namespace Yunying.Analytics.Query.Retention;

/// <summary>
/// Retention (留存分析): persons grouped into cohorts by the interval of their start event, and how many of
/// each cohort did the return event 1, 2, … periods later. The date range chooses the cohorts (whole
/// intervals); returns are followed for <c>periods</c> periods after each cohort's own.
/// </summary>
public sealed record RetentionQuery : AnalyticsQuery
{
    /// <summary>The event that puts a person in a cohort; default every event.</summary>
    public RetentionEvent? StartEvent { get; init; }

    /// <summary>The event that counts as coming back; default every event.</summary>
    public RetentionEvent? ReturnEvent { get; init; }

    /// <summary><c>first_time</c> (default; the first start event ever) or <c>recurring</c> (any start event).</summary>
    public RetentionType RetentionType { get; init; } = RetentionType.FirstTime;

    /// <summary>The cohort and period width: <c>day</c> (default), <c>week</c> or <c>month</c>.</summary>
    public Interval Period { get; init; } = Interval.Day;

    /// <summary>
    /// How many periods after the cohort's own to follow (1–90); default as many as the oldest cohort has
    /// reached by now, at most 90.
    /// </summary>
    public int? Periods { get; init; }

    /// <summary><c>on</c> (default: returned in period N) or <c>on_or_after</c> (returned in N or later).</summary>
    public RetentionReturn ReturnMode { get; init; } = RetentionReturn.On;

    /// <summary>Split the cohorts by a property of the start event or of the person.</summary>
    public Breakdown? Breakdown { get; init; }

    /// <summary>Also list the persons of one cell (a cohort and a period).</summary>
    public RetentionPeopleOptions? People { get; init; }

    internal override Result<AnalyticsResult> Run(QueryContext context) => RetentionAnalysis.Run(this, context);
}
