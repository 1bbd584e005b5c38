namespace Yunying.Analytics.Query;

/// <summary>
/// A period in the project's time zone. <see cref="From"/> and <see cref="To"/> are each an absolute local date
/// (<c>2026-11-01</c>), a local date and time (<c>2026-11-01T08:00</c>), an instant with an offset
/// (<c>2026-11-01T00:00:00Z</c>), or relative: <c>-30d</c>, <c>-12h</c>, <c>-4w</c>, <c>-3m</c>, <c>-1y</c>
/// (the start of that hour or day), <c>today</c>, <c>yesterday</c>, <c>wtd</c>, <c>mtd</c>, <c>ytd</c>,
/// and for <see cref="From"/> also <c>all</c> (the day of the first event). A date in <see cref="To"/>
/// includes that whole day; an absent <see cref="To"/> means now.
/// </summary>
public sealed record DateRange(string? From = null, string? To = null);
