using System.Globalization;
using Yunying.Analytics.Query;

namespace Yunying.Analytics.Tests.Query.Retention;

/// <summary>
/// Whole local days, weeks (from Monday) and months for the plain references of retention, lifecycle and
/// stickiness, computed with <see cref="TimeZoneInfo"/> and <see cref="DateOnly"/> only (nothing from the engine).
/// </summary>
public sealed class PlainIntervals
{
    private readonly TimeZoneInfo _zone;
    private readonly Interval _interval;

    /// <summary>The whole intervals overlapping [<paramref name="from"/>, <paramref name="to"/>), the first starting on <see cref="First"/>.</summary>
    public PlainIntervals(TimeZoneInfo zone, Interval interval, long from, long to)
    {
        _zone = zone;
        _interval = interval;
        First = Align(LocalDate(from));
        var last = Align(LocalDate(to - 1));
        Count = Index(last) + 1;
    }

    /// <summary>Local date the first interval starts on.</summary>
    public DateOnly First { get; }

    /// <summary>Intervals overlapping the range.</summary>
    public int Count { get; }

    /// <summary>Local date interval <paramref name="i"/> starts on (i may be negative or beyond <see cref="Count"/>).</summary>
    public DateOnly StartDate(int i) => _interval switch
    {
        Interval.Day => First.AddDays(i),
        Interval.Week => First.AddDays(7 * i),
        _ => First.AddMonths(i),
    };

    /// <summary>The instant (UTC µs) interval <paramref name="i"/> starts.</summary>
    public long Start(int i) => Utc(_zone, StartDate(i));

    public string Label(int i) => StartDate(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Interval index of an instant, counted from <see cref="First"/> (negative before it).</summary>
    public int IndexOf(long micros) => Index(Align(LocalDate(micros)));

    public DateOnly LocalDate(long micros) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), _zone).DateTime);

    /// <summary>The period of a query in the plain reading: absolute dates (<c>YYYY-MM-DD</c>, the <c>to</c> day included) or <c>-Nd</c>, <c>-Nw</c>, <c>-Nm</c> up to now.</summary>
    public static (long From, long To) Range(TimeZoneInfo zone, DateRange? range, string defaultFrom, long now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UnixEpoch.AddTicks(now * 10), zone).DateTime);
        var fromText = range?.From ?? defaultFrom;
        DateOnly fromDate;
        if (fromText.StartsWith('-'))
        {
            var n = int.Parse(fromText[1..^1], CultureInfo.InvariantCulture);
            fromDate = fromText[^1] switch
            {
                'd' => today.AddDays(-n),
                'w' => today.AddDays(-7 * n),
                _ => today.AddMonths(-n),
            };
        }
        else
        {
            fromDate = DateOnly.ParseExact(fromText, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var to = range?.To is { } toText ? Utc(zone, DateOnly.ParseExact(toText, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(1)) : now;
        return (Utc(zone, fromDate), to);
    }

    /// <summary>UTC µs of local midnight starting <paramref name="date"/> (both test zones change clocks away from midnight).</summary>
    public static long Utc(TimeZoneInfo zone, DateOnly date) =>
        (TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(date.ToDateTime(TimeOnly.MinValue), DateTimeKind.Unspecified), zone).Ticks - DateTime.UnixEpoch.Ticks) / 10;

    private DateOnly Align(DateOnly d) => _interval switch
    {
        Interval.Day => d,
        Interval.Week => d.AddDays(-(((int)d.DayOfWeek + 6) % 7)),
        _ => new DateOnly(d.Year, d.Month, 1),
    };

    private int Index(DateOnly aligned) => _interval switch
    {
        Interval.Day => aligned.DayNumber - First.DayNumber,
        Interval.Week => (aligned.DayNumber - First.DayNumber) / 7,
        _ => ((aligned.Year - First.Year) * 12) + aligned.Month - First.Month,
    };
}
