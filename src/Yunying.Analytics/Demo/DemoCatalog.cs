using System.Text.Encodings.Web;
using System.Text.Json;

namespace Yunying.Analytics.Demo;

/// <summary>The fixed vocabulary of the demo product: names, places, platforms and prices.</summary>
internal static class DemoCatalog
{
    public static readonly JsonEncodedText[] Platforms = Encode("ios", "android", "web", "miniprogram");
    public static readonly double[] PlatformWeights = Cumulative(30, 35, 15, 20);

    public static readonly JsonEncodedText[] Cities = Encode(
        "上海", "北京", "深圳", "广州", "杭州", "成都", "武汉", "南京", "西安", "重庆", "苏州", "长沙", "天津", "郑州", "厦门", "青岛");
    public static readonly double[] CityWeights = Cumulative(14, 13, 11, 10, 8, 8, 6, 6, 5, 5, 4, 3, 2, 2, 2, 1);

    public static readonly JsonEncodedText[] Paths = Encode("/", "/home", "/discover", "/course", "/course/detail", "/profile", "/pricing", "/search");
    public static readonly double[] PathWeights = Cumulative(10, 25, 18, 14, 14, 8, 6, 5);

    public static readonly JsonEncodedText[] ProductIds = Encode("vip_month", "vip_year", "course_basic", "course_pro", "coins_60");
    public static readonly double[] ProductPrices = [30, 198, 49, 299, 6];
    public static readonly double[] ProductWeights = Cumulative(35, 10, 25, 8, 22);

    public static readonly double[] ChannelWeights = Cumulative([.. DemoChannel.All.Select(c => c.Weight)]);

    // Evening-heavy local (UTC+8) hours of the day.
    public static readonly double[] HourWeights = Cumulative(
        1, 0.6, 0.3, 0.2, 0.2, 0.4, 1, 2.5, 4, 4.5, 4.5, 5, 5.5, 4.5, 4, 4, 4.5, 5, 5.5, 6.5, 7.5, 8, 6.5, 3);

    /// <summary>A new minor version every two weeks.</summary>
    public const int ReleaseEveryDays = 14;

    /// <summary>How many app versions exist; later releases keep the last one.</summary>
    public const int VersionCount = 300;

    public static JsonEncodedText AppVersion(int release) => Versions[Math.Clamp(release, 0, VersionCount - 1)];

    private static readonly JsonEncodedText[] Versions = [.. Enumerable.Range(0, VersionCount).Select(i => JsonEncodedText.Encode($"{2 + (i / 10)}.{i % 10}.0"))];

    private static JsonEncodedText[] Encode(params string[] values) => [.. values.Select(v => JsonEncodedText.Encode(v, JavaScriptEncoder.UnsafeRelaxedJsonEscaping))];

    private static double[] Cumulative(params double[] weights)
    {
        var result = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            result[i] = sum;
        }

        return result;
    }
}
