namespace Yunying.Analytics.Query.Retention;

/// <summary>
/// Retention, lifecycle and stickiness count whole intervals (as PostHog does): a range is widened to the
/// start of the interval holding its first instant and the end of the interval holding its last.
/// </summary>
internal static class WholeIntervals
{
    /// <summary>Refuses intervals these analyses do not take (hours).</summary>
    public static Core.Results.Error? Check(Interval interval, string field) => interval == Interval.Hour
        ? QueryErrors.Invalid(field, "Use day, week or month here; hourly intervals are for trends.")
        : null;

    /// <summary>The default start of the range: the current interval and the seven before it.</summary>
    public static string DefaultFrom(Interval interval) => interval switch
    {
        Interval.Day => "-7d",
        Interval.Week => "-7w",
        _ => "-7m",
    };

    /// <summary><paramref name="range"/> widened to whole intervals of <paramref name="interval"/> in the local calendar.</summary>
    public static TimeRange Widen(ZonedCalendar calendar, TimeRange range, Interval interval)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var from = calendar.ToMicros(ZonedCalendar.IntervalStart(calendar.ToLocal(range.From), interval));
        var lastStart = ZonedCalendar.IntervalStart(calendar.ToLocal(range.To - 1), interval);
        return new TimeRange(from, calendar.ToMicros(ZonedCalendar.AddIntervals(lastStart, interval, 1)));
    }

    /// <summary>The start of the interval <paramref name="count"/> intervals after the one starting at <paramref name="start"/>.</summary>
    public static long After(ZonedCalendar calendar, long start, Interval interval, int count)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var local = ZonedCalendar.IntervalStart(calendar.ToLocal(start), interval);
        return calendar.ToMicros(ZonedCalendar.AddIntervals(local, interval, count));
    }
}
