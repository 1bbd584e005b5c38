using Microsoft.Extensions.Logging;

namespace Yunying.Analytics;

internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Debug, "Capture {Source}: request refused with {Status} {Code}")]
    public static partial void CaptureRefused(ILogger logger, string source, int status, string code);

    [LoggerMessage(1002, LogLevel.Debug, "Capture {Source} for project {ProjectId}: {Accepted} accepted, {Duplicates} duplicates, {Rejected} rejected")]
    public static partial void Captured(ILogger logger, string source, Guid projectId, int accepted, int duplicates, int rejected);

    [LoggerMessage(1003, LogLevel.Warning, "Capture {Source} for project {ProjectId}: the event sink is unavailable: {Reason}")]
    public static partial void SinkUnavailable(ILogger logger, string source, Guid projectId, string reason);
}
