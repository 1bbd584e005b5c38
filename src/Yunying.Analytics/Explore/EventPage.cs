namespace Yunying.Analytics.Explore;

/// <summary>A page of events, newest first.</summary>
/// <param name="Events">The events.</param>
/// <param name="Next">Pass as <c>before</c> for the next (older) page; null when this page is the last.</param>
/// <param name="Newest">Pass as <c>after</c> to ask only for events newer than any here (the live tail); null when the page is empty.</param>
public sealed record EventPage(IReadOnlyList<EventRow> Events, string? Next, string? Newest);
