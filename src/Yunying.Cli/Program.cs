using System.CommandLine;
using Yunying.Cli.Commands;
using Yunying.Cli.Commands.Query;

var root = new RootCommand("Yunying (运营): the operations platform. Run 'yunying serve' to start the server and dashboard.")
{
    ServeCommand.Create(),
    MigrateCommand.Create(),
    AdminCommands.Create(),
    ProjectCommands.Create(),
    TokenCommands.Create(),
    DemoCommand.Create(),
    ImportCommand.Create(),
    ExportCommand.Create(),
    QueryCommand.Create(),
    CohortCommands.Create(),
    InsightCommands.Insight(),
    InsightCommands.Dashboard(),
};

return await root.Parse(args).InvokeAsync();
