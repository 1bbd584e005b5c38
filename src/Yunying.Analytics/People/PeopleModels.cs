using System.Text.Json.Nodes;

namespace Yunying.Analytics.People;

/// <summary>One person in a list.</summary>
/// <param name="Id">The person's stable id.</param>
/// <param name="Name">The <c>name</c> or <c>email</c> person property, or the id the person is named after.</param>
/// <param name="Identified">Whether the person has signed in (an identify, alias or bind named them).</param>
/// <param name="DistinctIds">Up to ten of the person's distinct ids, the one they are named after first.</param>
/// <param name="DistinctIdCount">How many distinct ids the person has.</param>
/// <param name="FirstSeen">Their first event.</param>
/// <param name="LastSeen">Their latest event.</param>
/// <param name="EventCount">Their events.</param>
public sealed record PersonSummary(
    Guid Id, string Name, bool Identified, IReadOnlyList<string> DistinctIds, int DistinctIdCount, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, long EventCount);

/// <summary>A page of people, most recently seen first.</summary>
/// <param name="People">The people on this page.</param>
/// <param name="Total">How many people match.</param>
/// <param name="NextOffset">Pass as <c>offset</c> for the next page; null on the last page.</param>
public sealed record PeoplePage(IReadOnlyList<PersonSummary> People, int Total, int? NextOffset);

/// <summary>A group (company, team) a person belongs to, with the group's properties.</summary>
public sealed record PersonGroup(string Type, string Key, JsonObject Properties);

/// <summary>Everything known about one person.</summary>
/// <param name="Summary">The person as lists show them.</param>
/// <param name="DistinctIds">Every distinct id merged into the person (ids named only by identity changes included).</param>
/// <param name="Properties">Current person properties.</param>
/// <param name="Groups">The groups the person belongs to.</param>
/// <param name="RefusedMerges">Merges with another identified person that were refused (not applied).</param>
public sealed record PersonProfile(PersonSummary Summary, IReadOnlyList<string> DistinctIds, JsonObject Properties, IReadOnlyList<PersonGroup> Groups, IReadOnlyList<RefusedMerge> RefusedMerges);

/// <summary>The result of forgetting a person: their events are deleted from the engine.</summary>
/// <param name="Id">The person.</param>
/// <param name="DistinctIds">The distinct ids whose events were deleted.</param>
/// <param name="DeletedEvents">How many events were deleted.</param>
public sealed record PersonForgotten(Guid Id, IReadOnlyList<string> DistinctIds, int DeletedEvents);
