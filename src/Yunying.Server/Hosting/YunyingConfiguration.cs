namespace Yunying.Server.Hosting;

/// <summary>The configuration sources every entry point shares, in order of precedence (last wins).</summary>
public static class YunyingConfiguration
{
    /// <summary>appsettings.json in the working directory, <c>Yunying__*</c> environment variables, then <paramref name="overrides"/>.</summary>
    public static YunyingSettings Load(IReadOnlyDictionary<string, string?> overrides)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        return configuration.GetSection(YunyingSettings.Section).Get<YunyingSettings>() ?? new YunyingSettings();
    }
}
