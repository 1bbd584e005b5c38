namespace Yunying.Server.Dashboard;

/// <summary>Common values offered as suggestions in project forms; the service accepts any valid one.</summary>
public static class Choices
{
    public static IReadOnlyList<string> TimeZones { get; } =
    [
        "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo", "Asia/Seoul",
        "Asia/Kolkata", "Asia/Dubai", "Europe/London", "Europe/Berlin", "Europe/Paris", "America/New_York",
        "America/Chicago", "America/Los_Angeles", "America/Sao_Paulo", "Australia/Sydney", "UTC",
    ];

    public static IReadOnlyList<string> Currencies { get; } =
        ["CNY", "HKD", "TWD", "USD", "EUR", "GBP", "JPY", "KRW", "SGD", "AUD", "CAD", "INR"];
}
