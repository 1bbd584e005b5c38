using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Yunying.Analytics.Insights;
using Yunying.Analytics.Query;
using Yunying.Cli.Commands.Query;
using Yunying.Core.Results;

namespace Yunying.Cli.Commands;

/// <summary>
/// <c>yunying insight list|save|show|delete</c> and <c>yunying dashboard list|create|add|remove|show|delete</c>:
/// saved insights and dashboards (看板) on a stopped server's data directory, the same ones as the API's.
/// </summary>
public static class InsightCommands
{
    public static Command Insight() => new("insight", "Save queries as named insights and read their answers (the same insights as /api/projects/{id}/insights). " + EventStoreAccess.StopServerFirst)
    {
        ListInsights(), SaveInsight(), ShowInsight(), DeleteInsight(),
    };

    public static Command Dashboard() => new("dashboard", "Lay saved insights out on dashboards and read every tile's answer (the same dashboards as /api/projects/{id}/dashboards). " + EventStoreAccess.StopServerFirst)
    {
        ListDashboards(), CreateDashboard(), AddTile(), RemoveTile(), ShowDashboard(), DeleteDashboard(),
    };

    private static Command ListInsights()
    {
        var common = new CommonOptions();
        var project = QueryCommand.ProjectOption();
        var command = new Command("list", "The project's saved insights, most recently changed first.") { project };
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => QueryCommand.WithAnalyticsAsync(common.Overrides(parse), parse.GetValue(project)!, async (services, target) =>
        {
            var insights = await services.GetRequiredService<InsightCatalog>().ListInsightsAsync(target.Id, cancellationToken);
            if (parse.GetValue(common.Json))
            {
                Cli.PrintJson(insights);
            }
            else
            {
                Cli.PrintTable(["id", "name", "kind", "changed"], insights.Select(i => new[] { i.Id.ToString(), i.Name, i.Kind, i.UpdatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) }));
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command SaveInsight()
    {
        var common = new CommonOptions();
        var project = QueryCommand.ProjectOption();
        var name = new Option<string>("--name", "-n") { Description = "The insight's name.", Required = true };
        var description = new Option<string?>("--description") { Description = "What it shows." };
        var file = new Option<string>("--query-file", "-f") { Description = "The query as JSON (as POST /api/projects/{id}/query takes it), or '-' for stdin.", Required = true };
        var insight = new Option<string?>("--insight") { Description = "Change this saved insight (id or name) instead of saving a new one." };
        var command = new Command("save", "Save a query as an insight (it must parse).") { project, name, description, file, insight };
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var bytes = await QueryCommand.ReadInputAsync(parse.GetValue(file)!, "insight.file", cancellationToken);
            if (!bytes.IsSuccess)
            {
                return Cli.Fail(bytes.Error);
            }

            JsonElement query;
            try
            {
                using var document = JsonDocument.Parse(bytes.Value);
                query = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                return Cli.Fail(Error.Validation("insight.query_invalid", $"The query is not valid JSON: {e.Message}", "query"));
            }

            return await QueryCommand.WithAnalyticsAsync(common.Overrides(parse), parse.GetValue(project)!, async (services, target) =>
            {
                var catalog = services.GetRequiredService<InsightCatalog>();
                Guid? id = null;
                if (parse.GetValue(insight) is { } wanted)
                {
                    var found = await FindInsightAsync(catalog, target.Id, wanted, cancellationToken);
                    if (!found.IsSuccess)
                    {
                        return Cli.Fail(found.Error);
                    }

                    id = found.Value.Id;
                }

                var saved = await catalog.SaveInsightAsync(target.Id, id, new InsightInput(parse.GetValue(name)!, query, parse.GetValue(description)), cancellationToken);
                if (!saved.IsSuccess)
                {
                    return Cli.Fail(saved.Error);
                }

                if (parse.GetValue(common.Json))
                {
                    Cli.PrintJson(saved.Value);
                }
                else
                {
                    Console.WriteLine($"Saved insight '{saved.Value.Name}' ({saved.Value.Id}), a {saved.Value.Kind} query.");
                }

                return 0;
            }, cancellationToken);
        });
        return command;
    }

    private static Command ShowInsight()
    {
        var common = new CommonOptions();
        var project = QueryCommand.ProjectOption();
        var insight = new Option<string>("--insight") { Description = "Insight id or name.", Required = true };
        var (from, to) = RangeOptions();
        var format = FormatOption();
        var command = new Command("show", "The insight's answer now (over its own range unless --from/--to say otherwise).") { project, insight, from, to, format };
        common.AddTo(command, withJson: false);
        command.SetAction((parse, cancellationToken) => QueryCommand.WithAnalyticsAsync(common.Overrides(parse), parse.GetValue(project)!, async (services, target) =>
        {
            var catalog = services.GetRequiredService<InsightCatalog>();
            var found = await FindInsightAsync(catalog, target.Id, parse.GetValue(insight)!, cancellationToken);
            if (!found.IsSuccess)
            {
                return Cli.Fail(found.Error);
            }

            var answer = await catalog.AnswerAsync(found.Value, target.TimeZone, Range(parse.GetValue(from), parse.GetValue(to)), cancellationToken);
            if (!answer.IsSuccess)
            {
                return Cli.Fail(answer.Error);
            }

            QueryOutput.Print(answer.Value.Result, parse.GetValue(format)!, Console.Out);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command DeleteInsight()
    {
        var common = new CommonOptions();
        var project = QueryCommand.ProjectOption();
        var insight = new Option<string>("--insight") { Description = "Insight id or name.", Required = true };
        var command = new Command("delete", "Delete a saved insight (and its tiles on dashboards).") { project, insight };
        common.AddTo(command, withJson: false);
        command.SetAction((parse, cancellationToken) => QueryCommand.WithAnalyticsAsync(common.Overrides(parse), parse.GetValue(project)!, async (services, target) =>
        {
            var catalog = services.GetRequiredService<InsightCatalog>();
            var found = await FindInsightAsync(catalog, target.Id, parse.GetValue(insight)!, cancellationToken);
            if (!found.IsSuccess)
            {
                return Cli.Fail(found.Error);
            }

            await catalog.DeleteInsightAsync(target.Id, found.Value.Id, cancellationToken);
            Console.WriteLine($"Deleted insight '{found.Value.Name}'.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command ListDashboards()
    {
        var common = new CommonOptions();
        var project = QueryCommand.ProjectOption();
        var command = new Command("list", "The project's dashboards.") { project };
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => QueryCommand.WithAnalyticsAsync(common.Overrides(parse), parse.GetValue(project)!, async (services, target) =>
        {
            var dashboards = await services.GetRequiredService<InsightCatalog>().ListDashboardsAsync(target.Id, cancellationToken);
            if (parse.GetValue(common.Json))
            {
                Cli.PrintJson(dashboards);
            }
            else
            {
                Cli.PrintTable(
                    ["id", "name", "from", "to", "tiles"],
                    dashboards.Select(d => new[] { d.Id.ToString(), d.Name, d.DateRange?.From ?? "", d.DateRange?.To ?? "", d.Tiles.Count.ToString(CultureInfo.InvariantCulture) }));
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateDashboard()
    {
        var common = new CommonOptions();
        var project = QueryCommand.ProjectOption();
        var name = new Option<string>("--name", "-n") { Description = "The dashboard's name.", Required = true };
        var description = new Option<string?>("--description") { Description = "What it is for." };
        var (from, to) = RangeOptions();
        var command = new Command("create", "Create a dashboard; --from/--to set the date range of every tile.") { project, name, description, from, to };
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => QueryCommand.WithAnalyticsAsync(common.Overrides(parse), parse.GetValue(project)!, async (services, target) =>
        {
            var input = new DashboardInput(parse.GetValue(name)!, parse.GetValue(description), Range(parse.GetValue(from), parse.GetValue(to)));
            var saved = await services.GetRequiredService<InsightCatalog>().SaveDashboardAsync(target.Id, null, input, cancellationToken);
            return Print(saved, parse.GetValue(common.Json), d => $"Created dashboard '{d.Name}' ({d.Id}).");
        }, cancellationToken));
        return command;
    }

    private static Command AddTile() => TileCommand("add", "Put a saved insight on a dashboard (at the end).", add: true);

    private static Command RemoveTile() => TileCommand("remove", "Take an insight off a dashboard (the insight stays saved).", add: false);

    private static Command TileCommand(string name, string description, bool add)
    {
        var common = new CommonOptions();
        var project = QueryCommand.ProjectOption();
        var dashboard = new Option<string>("--dashboard") { Description = "Dashboard id or name.", Required = true };
        var insight = new Option<string>("--insight") { Description = "Insight id or name.", Required = true };
        var width = new Option<int>("--width") { Description = "1 (half the width) or 2 (the whole width). Default 1.", DefaultValueFactory = _ => 1 };
        var command = new Command(name, description) { project, dashboard, insight };
        if (add)
        {
            command.Options.Add(width);
        }

        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => QueryCommand.WithAnalyticsAsync(common.Overrides(parse), parse.GetValue(project)!, async (services, target) =>
        {
            var catalog = services.GetRequiredService<InsightCatalog>();
            var board = await FindDashboardAsync(catalog, target.Id, parse.GetValue(dashboard)!, cancellationToken);
            var found = await FindInsightAsync(catalog, target.Id, parse.GetValue(insight)!, cancellationToken);
            if (!board.IsSuccess || !found.IsSuccess)
            {
                return Cli.Fail(board.IsSuccess ? found.Error! : board.Error!);
            }

            var saved = add
                ? await catalog.AddTileAsync(target.Id, board.Value.Id, new DashboardTile(found.Value.Id, parse.GetValue(width)), cancellationToken)
                : await catalog.RemoveTileAsync(target.Id, board.Value.Id, found.Value.Id, cancellationToken);
            return Print(saved, parse.GetValue(common.Json), d => $"{(add ? "Put" : "Took")} '{found.Value.Name}' {(add ? "on" : "off")} '{d.Name}' ({d.Tiles.Count} tiles).");
        }, cancellationToken));
        return command;
    }

    private static Command ShowDashboard()
    {
        var common = new CommonOptions();
        var project = QueryCommand.ProjectOption();
        var dashboard = new Option<string>("--dashboard") { Description = "Dashboard id or name.", Required = true };
        var (from, to) = RangeOptions();
        var format = FormatOption();
        var command = new Command("show", "Every tile's answer over the dashboard's date range (or --from/--to), one after another.") { project, dashboard, from, to, format };
        common.AddTo(command, withJson: false);
        command.SetAction((parse, cancellationToken) => QueryCommand.WithAnalyticsAsync(common.Overrides(parse), parse.GetValue(project)!, async (services, target) =>
        {
            var catalog = services.GetRequiredService<InsightCatalog>();
            var board = await FindDashboardAsync(catalog, target.Id, parse.GetValue(dashboard)!, cancellationToken);
            if (!board.IsSuccess)
            {
                return Cli.Fail(board.Error);
            }

            var answer = await catalog.AnswerAsync(board.Value, target.TimeZone, Range(parse.GetValue(from), parse.GetValue(to)), cancellationToken);
            if (!answer.IsSuccess)
            {
                return Cli.Fail(answer.Error);
            }

            if (parse.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(answer.Value, QueryJson.Options));
                return 0;
            }

            foreach (var tile in answer.Value.Tiles)
            {
                Console.WriteLine($"## {tile.Insight.Name} ({tile.Insight.Kind})");
                if (tile.Result is { } result)
                {
                    QueryOutput.Print(result, parse.GetValue(format)!, Console.Out);
                }
                else
                {
                    Console.WriteLine($"cannot be answered: {tile.Error?.Message}");
                }

                Console.WriteLine();
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command DeleteDashboard()
    {
        var common = new CommonOptions();
        var project = QueryCommand.ProjectOption();
        var dashboard = new Option<string>("--dashboard") { Description = "Dashboard id or name.", Required = true };
        var command = new Command("delete", "Delete a dashboard (its insights stay saved).") { project, dashboard };
        common.AddTo(command, withJson: false);
        command.SetAction((parse, cancellationToken) => QueryCommand.WithAnalyticsAsync(common.Overrides(parse), parse.GetValue(project)!, async (services, target) =>
        {
            var catalog = services.GetRequiredService<InsightCatalog>();
            var board = await FindDashboardAsync(catalog, target.Id, parse.GetValue(dashboard)!, cancellationToken);
            if (!board.IsSuccess)
            {
                return Cli.Fail(board.Error);
            }

            await catalog.DeleteDashboardAsync(target.Id, board.Value.Id, cancellationToken);
            Console.WriteLine($"Deleted dashboard '{board.Value.Name}'.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static int Print(Result<DashboardDefinition> saved, bool json, Func<DashboardDefinition, string> line)
    {
        if (!saved.IsSuccess)
        {
            return Cli.Fail(saved.Error);
        }

        if (json)
        {
            Cli.PrintJson(saved.Value);
        }
        else
        {
            Console.WriteLine(line(saved.Value));
        }

        return 0;
    }

    private static (Option<string?> From, Option<string?> To) RangeOptions() => (
        new Option<string?>("--from") { Description = "Start of the range: a date (2026-11-01) or relative (-30d, -4w, mtd, all)." },
        new Option<string?>("--to") { Description = "End of the range (a date includes that whole day); default now." });

    private static Option<string> FormatOption()
    {
        var option = new Option<string>("--format") { Description = "table, json or csv. Default table.", DefaultValueFactory = _ => "table" };
        option.AcceptOnlyFromAmong("table", "json", "csv");
        return option;
    }

    private static DateRange? Range(string? from, string? to) => from is null && to is null ? null : new DateRange(from, to);

    private static async Task<Result<InsightDefinition>> FindInsightAsync(InsightCatalog catalog, Guid projectId, string idOrName, CancellationToken cancellationToken)
    {
        var all = await catalog.ListInsightsAsync(projectId, cancellationToken);
        var found = Guid.TryParse(idOrName, out var id)
            ? all.FirstOrDefault(i => i.Id == id)
            : all.FirstOrDefault(i => string.Equals(i.Name, idOrName, StringComparison.Ordinal));
        return found is null ? Error.NotFound("insight.not_found", $"No insight has the id or name '{idOrName}'.") : found;
    }

    private static async Task<Result<DashboardDefinition>> FindDashboardAsync(InsightCatalog catalog, Guid projectId, string idOrName, CancellationToken cancellationToken)
    {
        var all = await catalog.ListDashboardsAsync(projectId, cancellationToken);
        var found = Guid.TryParse(idOrName, out var id)
            ? all.FirstOrDefault(d => d.Id == id)
            : all.FirstOrDefault(d => string.Equals(d.Name, idOrName, StringComparison.Ordinal));
        return found is null ? Error.NotFound("dashboard.not_found", $"No dashboard has the id or name '{idOrName}'.") : found;
    }
}
