using Yunying.Analytics.Query;
using static Yunying.Analytics.Tests.Query.CalendarTests;

namespace Yunying.Analytics.Tests.Query;

public sealed class DateRangeResolverTests
{
    // Wednesday 2026-11-18, 14:30 in Shanghai.
    private static readonly long Now = At("2026-11-18T06:30:00Z");

    [Theory]
    [InlineData(null, null, "2026-11-11T00:00:00+08:00", "2026-11-18T14:30:00+08:00")]
    [InlineData("-30d", null, "2026-10-19T00:00:00+08:00", "2026-11-18T14:30:00+08:00")]
    [InlineData("-0d", null, "2026-11-18T00:00:00+08:00", "2026-11-18T14:30:00+08:00")]
    [InlineData("-24h", null, "2026-11-17T14:00:00+08:00", "2026-11-18T14:30:00+08:00")]
    [InlineData("-2w", null, "2026-11-04T00:00:00+08:00", "2026-11-18T14:30:00+08:00")]
    [InlineData("-1m", null, "2026-10-18T00:00:00+08:00", "2026-11-18T14:30:00+08:00")]
    [InlineData("mtd", null, "2026-11-01T00:00:00+08:00", "2026-11-18T14:30:00+08:00")]
    [InlineData("wtd", null, "2026-11-16T00:00:00+08:00", "2026-11-18T14:30:00+08:00")]
    [InlineData("ytd", null, "2026-01-01T00:00:00+08:00", "2026-11-18T14:30:00+08:00")]
    [InlineData("yesterday", "yesterday", "2026-11-17T00:00:00+08:00", "2026-11-18T00:00:00+08:00")]
    [InlineData("-7d", "-1d", "2026-11-11T00:00:00+08:00", "2026-11-18T00:00:00+08:00")]
    [InlineData("2026-11-01", "2026-11-07", "2026-11-01T00:00:00+08:00", "2026-11-08T00:00:00+08:00")]
    [InlineData("2026-11-01T08:30", "2026-11-01T09:00:00", "2026-11-01T08:30:00+08:00", "2026-11-01T09:00:00+08:00")]
    [InlineData("2026-11-01T00:00:00Z", "2026-11-02T00:00:00-05:00", "2026-11-01T08:00:00+08:00", "2026-11-02T13:00:00+08:00")]
    [InlineData("all", "today", "2026-10-03T00:00:00+08:00", "2026-11-19T00:00:00+08:00")]
    public void Resolve_Forms_LocalInstants(string? from, string? to, string expectedFrom, string expectedTo)
    {
        var calendar = Calendar("Asia/Shanghai");

        var range = DateRangeResolver.Resolve(new DateRange(from, to), calendar, Now, firstEvent: At("2026-10-02T18:00:00Z"));

        Assert.True(range.IsSuccess, range.Error?.Message);
        Assert.Equal(At(expectedFrom), range.Value.From);
        Assert.Equal(At(expectedTo), range.Value.To);
    }

    [Fact]
    public void Resolve_DaysBackAcrossSpringForward_LocalMidnight()
    {
        var calendar = Calendar("America/New_York");
        var now = At("2026-03-10T16:00:00Z");

        var range = DateRangeResolver.Resolve(new DateRange("-3d"), calendar, now, null);

        // 2026-03-07 was still on EST (-05:00).
        Assert.Equal(At("2026-03-07T05:00:00Z"), range.Value.From);
    }

    [Theory]
    [InlineData("2026-02-30", null, "query.date_invalid")]
    [InlineData("-7x", null, "query.date_invalid")]
    [InlineData("last week", null, "query.date_invalid")]
    [InlineData("-7d", "soon", "query.date_invalid")]
    [InlineData("2026-11-10", "2026-11-01", "query.date_range_empty")]
    [InlineData("now", null, "query.date_range_empty")]
    public void Resolve_Bad_ValidationError(string from, string? to, string code)
    {
        var range = DateRangeResolver.Resolve(new DateRange(from, to), Calendar("Asia/Shanghai"), Now, null);

        Assert.False(range.IsSuccess);
        Assert.Equal(code, range.Error.Code);
    }
}
