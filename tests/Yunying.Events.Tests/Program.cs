namespace Yunying.Events.Tests;

/// <summary>
/// The test executable's entry point: xunit's usual one, plus a <c>crash-helper</c> verb so the crash
/// durability test can run the engine in a child process it then kills.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == CrashHelper.Verb)
        {
            return await CrashHelper.RunAsync(args[1..]);
        }

        if (args.Any(arg => arg is "--server" or "--internal-msbuild-node"))
        {
            return await Xunit.MicrosoftTestingPlatform.TestPlatformTestFramework.RunAsync(args, SelfRegisteredExtensions.AddSelfRegisteredExtensions);
        }

        return await Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args);
    }
}
