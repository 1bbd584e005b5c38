using Yunying.Core.Results;

namespace Yunying.Analytics.Query.Paths;

/// <summary>
/// Paths (路径分析): the most common sequences of steps people take, cut into sessions by a gap of inactivity,
/// with consecutive repeats collapsed; after a start step, before an end step, between both, or from the
/// start of every session. Answered as nodes (a step name at a step index) and weighted links.
/// </summary>
public sealed record PathsQuery : AnalyticsQuery
{
    /// <summary>Paths begin at the first occurrence of this step in a session; sessions without it are left out.</summary>
    public string? StartPoint { get; init; }

    /// <summary>Paths end at the first occurrence of this step in a session (after the start point, if any); sessions without it are left out.</summary>
    public string? EndPoint { get; init; }

    /// <summary>Steps per path, 2–10 (at least 3 with both a start and an end point); default 5.</summary>
    public int StepLimit { get; init; } = 5;

    /// <summary>
    /// The events that are steps: event names, or <c>custom_event</c> for every event whose name does not
    /// start with <c>$</c>; absent or empty means every event.
    /// </summary>
    public IReadOnlyList<string>? IncludeEventTypes { get; init; }

    /// <summary>Step names to leave out entirely (event names, or page names with <c>pageviewProperty</c>).</summary>
    public IReadOnlyList<string>? ExcludeEvents { get; init; }

    /// <summary>
    /// Names <c>$pageview</c> steps by this event property's text (e.g. <c>$pathname</c> or
    /// <c>$current_url</c>; one trailing slash removed, as PostHog does); a page view without a text value
    /// stays <c>$pageview</c>. Absent: page views are the step <c>$pageview</c>.
    /// </summary>
    public string? PageviewProperty { get; init; }

    /// <summary>Minutes without a step (1–1440) after which a new session, and so a new path, begins; default 30.</summary>
    public int SessionGapMinutes { get; init; } = 30;

    /// <summary>How many links to answer (1–10000), the heaviest first; default 50.</summary>
    public int EdgeLimit { get; init; } = 50;

    /// <summary>Leave out links taken by fewer paths.</summary>
    public long? MinEdgeWeight { get; init; }

    /// <summary>Leave out links taken by more paths.</summary>
    public long? MaxEdgeWeight { get; init; }

    internal override Result<AnalyticsResult> Run(QueryContext context) => PathsAnalysis.Run(this, context);
}
