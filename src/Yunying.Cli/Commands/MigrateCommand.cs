using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Yunying.Data;
using Yunying.Server.Storage;

namespace Yunying.Cli.Commands;

/// <summary><c>yunying migrate</c>: applies the state store's pending migrations.</summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var command = new Command("migrate", "Apply pending state-store migrations (SQLite or PostgreSQL).");
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = common.Overrides(parse);
            overrides["Yunying:MigrateOnStart"] = "false";
            return await Cli.WithStateAsync(overrides, async services =>
            {
                var pending = await StateStorage.PendingMigrationsAsync(services, cancellationToken);
                await StateStorage.MigrateAsync(services, cancellationToken);
                var provider = services.GetRequiredService<IStateStoreProvider>().Name;
                if (parse.GetValue(common.Json))
                {
                    Cli.PrintJson(new { provider, applied = pending });
                }
                else
                {
                    Console.WriteLine(pending.Count == 0
                        ? $"{provider}: the schema is up to date."
                        : $"{provider}: applied {string.Join(", ", pending)}.");
                }

                return 0;
            }, cancellationToken);
        });
        return command;
    }
}
