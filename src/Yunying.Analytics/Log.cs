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

    [LoggerMessage(1101, LogLevel.Information, "Event data of project {ProjectId} opened at start: {Rows} events, {Seconds:F1} s")]
    public static partial void ProjectWarmed(ILogger logger, Guid projectId, long rows, double seconds);

    [LoggerMessage(1102, LogLevel.Warning, "Event data of project {ProjectId} could not be opened at start; it opens on first use: {Reason}")]
    public static partial void ProjectWarmupFailed(ILogger logger, Guid projectId, string reason);
}
