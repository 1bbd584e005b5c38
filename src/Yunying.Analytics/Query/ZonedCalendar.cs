using Yunying.Events;

namespace Yunying.Analytics.Query;

/// <summary>
/// Local calendar arithmetic in one time zone over the engine's UTC microseconds. A local day runs from
/// local midnight to the next local midnight, so it is 23 or 25 hours long on daylight-saving days. A
/// local time that does not exist (inside a spring-forward gap) means the first instant after the gap;
/// a local time that happens twice (fall back) means its first occurrence.
/// </summary>
public sealed class ZonedCalendar(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    /// <summary>The IANA id of <see cref="Zone"/>.</summary>
    public string ZoneId => Zone.HasIanaId || !TimeZoneInfo.TryConvertWindowsIdToIanaId(Zone.Id, out var iana) ? Zone.Id : iana;

    /// <summary>Finds an IANA (or Windows) time zone id; false when the machine does not know it.</summary>
    public static bool TryFind(string? id, out ZonedCalendar calendar)
    {
        calendar = null!;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            calendar = new ZonedCalendar(TimeZoneInfo.FindSystemTimeZoneById(id.Trim()));
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <summary>The instant (UTC µs) of a local wall-clock time; see the class remarks for gaps and repeats.</summary>
    public long ToMicros(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            // Inside a spring-forward gap: the first instant after it is the transition itself.
            var before = DateTime.SpecifyKind(local.AddHours(-6) - Zone.GetUtcOffset(local.AddHours(-6)), DateTimeKind.Utc);
            var after = DateTime.SpecifyKind(local.AddHours(6) - Zone.GetUtcOffset(local.AddHours(6)), DateTimeKind.Utc);
            return EventRecord.ToMicros(new DateTimeOffset(FindTransition(before, after), TimeSpan.Zero));
        }

        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return EventRecord.ToMicros(new DateTimeOffset(local - offset, TimeSpan.Zero));
    }

    /// <summary>The local wall-clock time of an instant.</summary>
    public DateTime ToLocal(long micros) => TimeZoneInfo.ConvertTimeFromUtc(EventRecord.FromMicros(micros).UtcDateTime, Zone);

    /// <summary>The instant as a local time with its offset (unambiguous even when a local hour repeats).</summary>
    public DateTimeOffset ToOffset(long micros) => TimeZoneInfo.ConvertTime(EventRecord.FromMicros(micros), Zone);

    /// <summary>The local calendar day of an instant.</summary>
    public DateOnly DayOf(long micros) => DateOnly.FromDateTime(ToLocal(micros));

    /// <summary>The instant local day <paramref name="day"/> begins.</summary>
    public long StartOfDay(DateOnly day) => ToMicros(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>The local start (midnight, or the hour) of the interval holding local time <paramref name="local"/>.</summary>
    public static DateTime IntervalStart(DateTime local, Interval interval) => interval switch
    {
        Interval.Hour => new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0),
        Interval.Day => local.Date,
        Interval.Week => local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7)),
        Interval.Month => new DateTime(local.Year, local.Month, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(interval)),
    };

    /// <summary>Local time <paramref name="local"/> moved by <paramref name="count"/> intervals on the local calendar.</summary>
    public static DateTime AddIntervals(DateTime local, Interval interval, int count) => interval switch
    {
        Interval.Hour => local.AddHours(count),
        Interval.Day => local.AddDays(count),
        Interval.Week => local.AddDays(7 * count),
        Interval.Month => local.AddMonths(count),
        _ => throw new ArgumentOutOfRangeException(nameof(interval)),
    };

    /// <summary>The instant <paramref name="count"/> intervals after (or before) <paramref name="micros"/>: calendar steps for days and up, real hours for hours.</summary>
    public long Shift(long micros, Interval interval, int count) => interval == Interval.Hour
        ? micros + (count * 3_600_000_000L)
        : ToMicros(AddIntervals(ToLocal(micros), interval, count));

    private DateTime FindTransition(DateTime lowUtc, DateTime highUtc)
    {
        // The offset changes once between the two instants (UTC); bisect to the minute.
        var lowOffset = Zone.GetUtcOffset(lowUtc);
        while (highUtc - lowUtc > TimeSpan.FromMinutes(1))
        {
            var mid = lowUtc + ((highUtc - lowUtc) / 2);
            if (Zone.GetUtcOffset(mid) == lowOffset)
            {
                lowUtc = mid;
            }
            else
            {
                highUtc = mid;
            }
        }

        return new DateTime(highUtc.Ticks - (highUtc.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
    }
}
