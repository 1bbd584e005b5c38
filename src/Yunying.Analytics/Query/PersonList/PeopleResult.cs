using Yunying.Analytics.People;

namespace Yunying.Analytics.Query.PersonList;

/// <summary>The answer to a <see cref="PeopleQuery"/>: one page of the matching persons.</summary>
public sealed record PeopleResult : AnalyticsResult
{
    /// <summary>The persons on this page, most recently seen first.</summary>
    public required IReadOnlyList<PersonSummary> People { get; init; }

    /// <summary>How many persons match.</summary>
    public required int Total { get; init; }

    /// <summary>Pass as <c>offset</c> for the next page; absent on the last page.</summary>
    public int? NextOffset { get; init; }
}
