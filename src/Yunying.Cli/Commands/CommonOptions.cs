using System.CommandLine;

namespace Yunying.Cli.Commands;

/// <summary>Options shared by the verbs that work on the data directory; each maps onto one server setting.</summary>
public sealed class CommonOptions
{
    public Option<string?> DataDir { get; } = new("--data-dir") { Description = "Data directory (SQLite state file, events, keys). Default ./data." };

    public Option<string?> Database { get; } = new("--database") { Description = "PostgreSQL connection string or postgres:// URL; omit for SQLite in the data directory." };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as JSON (camelCase) for scripts." };

    public void AddTo(Command command, bool withJson = true)
    {
        command.Options.Add(DataDir);
        command.Options.Add(Database);
        if (withJson)
        {
            command.Options.Add(Json);
        }
    }

    /// <summary>The flags given, as configuration keys that override appsettings and environment.</summary>
    public Dictionary<string, string?> Overrides(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(DataDir) is { } dataDir)
        {
            overrides["Yunying:DataDir"] = dataDir;
        }

        if (parse.GetValue(Database) is { } database)
        {
            overrides["Yunying:Database"] = database;
        }

        return overrides;
    }
}
