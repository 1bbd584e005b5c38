using Microsoft.Extensions.DependencyInjection;
using Yunying.Data.Tenancy;
using Yunying.Events;
using Yunying.Server.Hosting;

namespace Yunying.Cli.Commands;

/// <summary>How the event verbs find a project and open the data directory's event store the way the server does.</summary>
public static class EventStoreAccess
{
    public const string StopServerFirst =
        "Only one process may use a data directory's event store: stop the server ('yunying serve') before writing events with this command.";

    /// <summary>The folder the server opens its event store on (see <c>YunyingHost</c>).</summary>
    public static string EventsDirectory(IReadOnlyDictionary<string, string?> overrides) =>
        Path.Combine(YunyingConfiguration.Load(overrides).FullDataDir, "events");

    /// <summary>
    /// Why the project's event files look in use by another process (its write-ahead log is held open), or null.
    /// The engine takes no lock of its own; .NET's advisory file locks make a running server's open log visible.
    /// </summary>
    public static string? InUse(EventStore store, Guid projectId)
    {
        var partition = Path.Combine(store.RootDirectory, projectId.ToString("N"));
        if (!Directory.Exists(partition))
        {
            return null;
        }

        foreach (var wal in Directory.EnumerateFiles(partition, "*.ywal"))
        {
            try
            {
                using var probe = new FileStream(wal, FileMode.Open, FileAccess.Read, FileShare.None);
            }
            catch (IOException)
            {
                return $"the project's event store is in use by another process (is the server running?). {StopServerFirst}";
            }
        }

        return null;
    }

    /// <summary>The project with this id, or else with this exact name.</summary>
    public static async Task<Project?> FindProjectAsync(IServiceProvider services, string idOrName, CancellationToken cancellationToken)
    {
        var all = await services.GetRequiredService<ProjectService>().ListAllAsync(cancellationToken);
        return Guid.TryParse(idOrName, out var id)
            ? all.FirstOrDefault(p => p.Id == id)
            : all.FirstOrDefault(p => string.Equals(p.Name, idOrName, StringComparison.Ordinal));
    }

    public static int ProjectNotFound(string idOrName) =>
        Cli.Fail(Core.Results.Error.NotFound("project.not_found", $"No project has the id or name '{idOrName}'."));
}
