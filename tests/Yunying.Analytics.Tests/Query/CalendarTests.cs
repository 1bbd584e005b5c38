using Yunying.Analytics.Query;
using Yunying.Events;

namespace Yunying.Analytics.Tests.Query;

public sealed class CalendarTests
{
    private const long Hour = 3_600_000_000L;

    [Theory]
    [InlineData("America/New_York", "2026-03-08", 23)]
    [InlineData("America/New_York", "2026-11-01", 25)]
    [InlineData("America/New_York", "2026-11-02", 24)]
    [InlineData("Asia/Shanghai", "2026-03-08", 24)]
    [InlineData("Europe/London", "2026-03-29", 23)]
    public void StartOfDay_AroundDaylightSaving_DayLengthInHours(string zone, string day, int hours)
    {
        var calendar = Calendar(zone);
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

        var length = calendar.StartOfDay(date.AddDays(1)) - calendar.StartOfDay(date);

        Assert.Equal(hours * Hour, length);
    }

    [Fact]
    public void StartOfDay_MidnightInsideGap_FirstInstantAfterTheGap()
    {
        // Chile moves from -04 to -03 at local midnight on 2026-09-06: that day begins at 01:00 local, 04:00Z.
        var calendar = Calendar("America/Santiago");

        var start = calendar.StartOfDay(new DateOnly(2026, 9, 6));

        Assert.Equal(At("2026-09-06T04:00:00Z"), start);
        Assert.Equal(new DateTime(2026, 9, 6, 1, 0, 0), calendar.ToLocal(start));
    }

    [Fact]
    public void ToMicros_RepeatedLocalHour_FirstOccurrence()
    {
        var calendar = Calendar("America/New_York");

        Assert.Equal(At("2026-11-01T05:30:00Z"), calendar.ToMicros(new DateTime(2026, 11, 1, 1, 30, 0)));
    }

    [Fact]
    public void Buckets_HourlyOnSpringForwardDay_TwentyThreeRealHours()
    {
        var calendar = Calendar("America/New_York");
        var day = new DateOnly(2026, 3, 8);

        var buckets = Create(calendar, calendar.StartOfDay(day), calendar.StartOfDay(day.AddDays(1)), Interval.Hour);

        Assert.Equal(23, buckets.Count);
        Assert.Equal("2026-03-08 01:00", buckets.Label(1));
        Assert.Equal("2026-03-08 03:00", buckets.Label(2));
        Assert.Equal(1, buckets.IndexOf(At("2026-03-08T06:59:59Z")));
        Assert.Equal(2, buckets.IndexOf(At("2026-03-08T07:00:00Z")));
    }

    [Fact]
    public void Buckets_DailyAcrossFallBack_EventLateOnTheLongDayStaysOnIt()
    {
        var calendar = Calendar("America/New_York");

        var buckets = Create(calendar, calendar.StartOfDay(new DateOnly(2026, 10, 31)), calendar.StartOfDay(new DateOnly(2026, 11, 3)), Interval.Day);

        Assert.Equal(["2026-10-31", "2026-11-01", "2026-11-02"], buckets.Labels());
        Assert.Equal(0, buckets.IndexOf(At("2026-11-01T03:59:59Z")));
        Assert.Equal(1, buckets.IndexOf(At("2026-11-01T04:00:00Z")));
        Assert.Equal(1, buckets.IndexOf(At("2026-11-02T04:59:59Z")));
        Assert.Equal(2, buckets.IndexOf(At("2026-11-02T05:00:00Z")));
        Assert.Equal(-1, buckets.IndexOf(At("2026-11-03T05:00:00Z")));
        Assert.Equal(-1, buckets.IndexOf(At("2026-10-31T03:59:59Z")));
    }

    [Fact]
    public void Buckets_HalfHourOffsetZone_HoursStartAtLocalHour()
    {
        var calendar = Calendar("Asia/Kolkata");

        var buckets = Create(calendar, At("2026-11-01T00:10:00Z"), At("2026-11-01T03:00:00Z"), Interval.Hour);

        // 00:10Z is 05:40 local: the first bucket is 05:00–06:00 local (23:30Z–00:30Z), cut to start at 00:10Z.
        Assert.Equal(["2026-11-01 05:00", "2026-11-01 06:00", "2026-11-01 07:00", "2026-11-01 08:00"], buckets.Labels());
        Assert.Equal(At("2026-11-01T00:30:00Z"), buckets.Bounds[1]);
        Assert.Equal(0, buckets.IndexOf(At("2026-11-01T00:29:59Z")));
        Assert.Equal(1, buckets.IndexOf(At("2026-11-01T00:30:00Z")));
    }

    [Fact]
    public void Buckets_WeeksAndMonths_MondayAndFirstOfMonthLabelsWithCutEnds()
    {
        var calendar = Calendar("Asia/Shanghai");
        var from = calendar.StartOfDay(new DateOnly(2026, 10, 29)); // a Thursday
        var to = calendar.StartOfDay(new DateOnly(2026, 11, 18));

        var weeks = Create(calendar, from, to, Interval.Week);
        var months = Create(calendar, from, to, Interval.Month);

        Assert.Equal(["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16"], weeks.Labels());
        Assert.Equal(from, weeks.Bounds[0]);
        Assert.Equal(calendar.StartOfDay(new DateOnly(2026, 11, 2)), weeks.Bounds[1]);
        Assert.Equal(to, weeks.Bounds[^1]);
        Assert.Equal(["2026-10-01", "2026-11-01"], months.Labels());
        Assert.Equal(calendar.StartOfDay(new DateOnly(2026, 11, 1)), months.Bounds[1]);
    }

    [Fact]
    public void Buckets_TooManyHours_TooLarge()
    {
        var calendar = Calendar("Asia/Shanghai");

        var result = TimeBuckets.Create(calendar, new TimeRange(At("2020-01-01T00:00:00Z"), At("2026-01-01T00:00:00Z")), Interval.Hour);

        Assert.False(result.IsSuccess);
        Assert.Equal("query.too_large", result.Error.Code);
    }

    [Fact]
    public void IndexOf_EveryMinuteOfAMonthInNewYork_SameAsLinearSearch()
    {
        var calendar = Calendar("America/New_York");
        var buckets = Create(calendar, calendar.StartOfDay(new DateOnly(2026, 10, 20)), calendar.StartOfDay(new DateOnly(2026, 11, 20)), Interval.Day);
        var bounds = buckets.Bounds.ToArray();

        for (var t = bounds[0] - (60 * 60_000_000L); t < bounds[^1] + (60 * 60_000_000L); t += 60_000_000L)
        {
            var expected = -1;
            for (var i = 0; i < bounds.Length - 1; i++)
            {
                if (t >= bounds[i] && t < bounds[i + 1])
                {
                    expected = i;
                }
            }

            Assert.Equal(expected, buckets.IndexOf(t));
        }
    }

    internal static ZonedCalendar Calendar(string zone)
    {
        Assert.True(ZonedCalendar.TryFind(zone, out var calendar));
        return calendar;
    }

    internal static long At(string instant) => EventRecord.ToMicros(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));

    private static TimeBuckets Create(ZonedCalendar calendar, long from, long to, Interval interval)
    {
        var result = TimeBuckets.Create(calendar, new TimeRange(from, to), interval);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }
}
