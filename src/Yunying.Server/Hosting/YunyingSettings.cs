namespace Yunying.Server.Hosting;

/// <summary>
/// Every setting of the server, bound from the <c>Yunying</c> configuration section (appsettings.json,
/// <c>Yunying__Name</c> environment variables) and overridden by CLI flags. docs/configuration.md lists them.
/// </summary>
public sealed class YunyingSettings
{
    public const string Section = "Yunying";

    /// <summary>Folder for the SQLite state file, the event store and the data-protection keys.</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>PostgreSQL connection string or URL; empty means SQLite in <see cref="DataDir"/>.</summary>
    public string? Database { get; set; }

    /// <summary>Addresses to listen on, separated by semicolons.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Apply pending state-store migrations when the server starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Create the demo organisation and project on start.</summary>
    public bool Demo { get; set; }

    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Sign-in attempts allowed per client address per minute.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>How long a dashboard session lasts without activity.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Use the secure flag on cookies (on behind HTTPS; the default follows the request's scheme).</summary>
    public bool? SecureCookies { get; set; }

    public string FullDataDir => Path.GetFullPath(DataDir);
}
