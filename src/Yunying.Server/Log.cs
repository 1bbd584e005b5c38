namespace Yunying.Server;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "State store {Provider}: migrations applied")]
    public static partial void MigrationsApplied(ILogger logger, string provider);

    [LoggerMessage(2, LogLevel.Warning, "First run: created the owner account '{UserName}' and project {ProjectId}; the password was printed once on the console")]
    public static partial void FirstRunCreated(ILogger logger, string userName, Guid projectId);

    [LoggerMessage(3, LogLevel.Information, "Demo project {ProjectId} is ready")]
    public static partial void DemoReady(ILogger logger, Guid projectId);

    [LoggerMessage(4, LogLevel.Information, "Yunying is listening on {Urls}")]
    public static partial void Listening(ILogger logger, string urls);
}
