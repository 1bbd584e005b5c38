using System.Text.Json;

namespace Yunying.Analytics.Demo;

/// <summary>An acquisition channel and how the people it brings behave.</summary>
/// <param name="Name">The <c>utm_source</c> value.</param>
/// <param name="Weight">Share of new visitors.</param>
/// <param name="SignupRate">Share of visitors who sign up on their first day.</param>
/// <param name="ActivationRate">Share of signed-up people who ever take the first key action.</param>
/// <param name="PurchaseRate">Chance that an active day of an activated person includes a purchase.</param>
/// <param name="Retention">Chance to come back on day 1; later days decay from it.</param>
internal sealed record DemoChannel(string Name, double Weight, double SignupRate, double ActivationRate, double PurchaseRate, double Retention)
{
    public JsonEncodedText Encoded { get; } = JsonEncodedText.Encode(Name);

    public static readonly DemoChannel[] All =
    [
        new("wechat", 30, 0.45, 0.60, 0.10, 0.45),
        new("douyin", 22, 0.28, 0.45, 0.05, 0.30),
        new("search", 14, 0.50, 0.60, 0.09, 0.40),
        new("appstore", 12, 0.65, 0.75, 0.14, 0.55),
        new("zhihu", 8, 0.55, 0.70, 0.11, 0.50),
        new("weibo", 8, 0.25, 0.40, 0.04, 0.28),
        new("invite", 6, 0.70, 0.80, 0.12, 0.60),
    ];
}
