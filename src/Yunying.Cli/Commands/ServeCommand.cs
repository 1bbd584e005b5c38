using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Yunying.Server.Hosting;

namespace Yunying.Cli.Commands;

/// <summary><c>yunying serve</c>: the server, the admin API and the dashboard.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on, separated by ';'. Default http://127.0.0.1:5080." };
        var demo = new Option<bool>("--demo") { Description = "Create the demo organisation and project." };
        var noMigrate = new Option<bool>("--no-migrate") { Description = "Do not apply state-store migrations at start (run 'yunying migrate' yourself)." };
        var command = new Command("serve", "Run the Yunying server and dashboard.") { urls, demo, noMigrate };
        common.AddTo(command, withJson: false);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = common.Overrides(parse);
            if (parse.GetValue(urls) is { } given)
            {
                overrides["Yunying:Urls"] = given;
            }

            if (parse.GetValue(demo))
            {
                overrides["Yunying:Demo"] = "true";
            }

            if (parse.GetValue(noMigrate))
            {
                overrides["Yunying:MigrateOnStart"] = "false";
            }

            try
            {
                await using var app = YunyingHost.Build(overrides);
                await YunyingHost.StartAsync(app, Console.Out, cancellationToken);
                await app.WaitForShutdownAsync(cancellationToken);
                return 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Cli.Fail(e.GetBaseException().Message);
            }
        });
        return command;
    }
}
