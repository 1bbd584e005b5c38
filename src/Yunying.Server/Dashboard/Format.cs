using System.Globalization;

namespace Yunying.Server.Dashboard;

/// <summary>How the dashboard writes stored instants: UTC, day and minute, the same in both languages.</summary>
public static class Format
{
    public static string Date(DateTime utc) => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Minute(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
