using Microsoft.Extensions.DependencyInjection;
using Yunying.Data.Tenancy;
using Yunying.Events;
using Yunying.Server.Hosting;

namespace Yunying.Cli.Commands;

/// <summary>How the event verbs find a project and open the data directory's event store the way the server does.</summary>
public static class EventStoreAccess
{
    public const string StopServerFirst =
        "Only one process may use a data directory's event store at a time: stop the server ('yunying serve') on this data directory first.";

    /// <summary>
    /// Opens the data directory's event store the way the server does, or says why not: the store is locked
    /// while another process (a running server) has it open.
    /// </summary>
    public static (EventStore? Store, string? Error) Open(IReadOnlyDictionary<string, string?> overrides, EventStoreOptions? options = null)
    {
        try
        {
            return (EventStore.Open(YunyingConfiguration.Load(overrides).FullDataDir, options), null);
        }
        catch (IOException e)
        {
            return (null, e.Message);
        }
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
