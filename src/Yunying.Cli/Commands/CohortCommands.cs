using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Yunying.Analytics.Cohorts;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.PersonList;
using Yunying.Cli.Commands.Query;
using Yunying.Core.Results;

namespace Yunying.Cli.Commands;

/// <summary><c>yunying cohort list|create|people|delete</c>: saved cohorts (用户分群) on a stopped server's data directory.</summary>
public static class CohortCommands
{
    public static Command Create() => new("cohort", "Save cohorts and list their people (the same cohorts as /api/projects/{id}/cohorts). " + EventStoreAccess.StopServerFirst)
    {
        List(), CreateCohort(), People(), Delete(),
    };

    private static Command List()
    {
        var common = new CommonOptions();
        var project = QueryCommand.ProjectOption();
        var command = new Command("list", "The project's cohorts with their current sizes.") { project };
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => QueryCommand.WithAnalyticsAsync(common.Overrides(parse), parse.GetValue(project)!, async (services, target) =>
        {
            var listed = await services.GetRequiredService<CohortCatalog>().ListWithSizesAsync(target.Id, target.TimeZone, cancellationToken);
            if (!listed.IsSuccess)
            {
                return Cli.Fail(listed.Error);
            }

            var views = listed.Value;

            if (parse.GetValue(common.Json))
            {
                Cli.PrintJson(views);
            }
            else
            {
                Cli.PrintTable(
                    ["id", "name", "kind", "size"],
                    views.Select(v => new[] { v.Cohort.Id.ToString(), v.Cohort.Name, v.Cohort.IsStatic ? "static" : "dynamic", v.Size.ToString(CultureInfo.InvariantCulture) }));
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateCohort()
    {
        var common = new CommonOptions();
        var project = QueryCommand.ProjectOption();
        var name = new Option<string>("--name", "-n") { Description = "The cohort's name.", Required = true };
        var description = new Option<string?>("--description") { Description = "What the cohort is for." };
        var rule = new Option<string?>("--rule-file") { Description = "A dynamic cohort: its rule as JSON (as the API's 'rule'), or '-' for stdin." };
        var csv = new Option<string?>("--csv") { Description = "A static cohort: a CSV of distinct ids (a distinct_id column, or the first column), or '-' for stdin." };
        var query = new Option<string?>("--query-file") { Description = "A static cohort of the persons a people query selects now (JSON, kind people), or '-' for stdin." };
        var command = new Command("create", "Save a cohort: dynamic from a rule, or static from a CSV of ids or a people query.") { project, name, description, rule, csv, query };
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var input = await InputAsync(parse.GetValue(name)!, parse.GetValue(description), parse.GetValue(rule), parse.GetValue(csv), parse.GetValue(query), cancellationToken);
            if (!input.IsSuccess)
            {
                return Cli.Fail(input.Error);
            }

            return await QueryCommand.WithAnalyticsAsync(common.Overrides(parse), parse.GetValue(project)!, async (services, target) =>
            {
                var catalog = services.GetRequiredService<CohortCatalog>();
                var saved = await catalog.SaveAsync(target.Id, null, input.Value, target.TimeZone, cancellationToken);
                if (!saved.IsSuccess)
                {
                    return Cli.Fail(saved.Error);
                }

                var context = await catalog.ContextAsync(target.Id, target.TimeZone, cancellationToken);
                var size = context.IsSuccess && catalog.Members(saved.Value, context.Value) is { IsSuccess: true } members ? members.Value.Count : 0;
                if (parse.GetValue(common.Json))
                {
                    Cli.PrintJson(new CohortView(saved.Value, size));
                }
                else
                {
                    Console.WriteLine($"Saved cohort '{saved.Value.Name}' ({saved.Value.Id}): {size} people now.");
                }

                return 0;
            }, cancellationToken);
        });
        return command;
    }

    private static Command People()
    {
        var common = new CommonOptions();
        var project = QueryCommand.ProjectOption();
        var cohort = new Option<string>("--cohort") { Description = "Cohort id or name.", Required = true };
        var limit = new Option<int>("--limit") { Description = "How many people (1–1000). Default 100.", DefaultValueFactory = _ => PeopleQuery.DefaultLimit };
        var offset = new Option<int>("--offset") { Description = "How many to skip." };
        var format = new Option<string>("--format") { Description = "table, json or csv. Default table.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var command = new Command("people", "The cohort's people now, most recently seen first.") { project, cohort, limit, offset, format };
        common.AddTo(command, withJson: false);
        command.SetAction((parse, cancellationToken) => QueryCommand.WithAnalyticsAsync(common.Overrides(parse), parse.GetValue(project)!, async (services, target) =>
        {
            var catalog = services.GetRequiredService<CohortCatalog>();
            var found = await FindAsync(catalog, target.Id, parse.GetValue(cohort)!, cancellationToken);
            if (!found.IsSuccess)
            {
                return Cli.Fail(found.Error);
            }

            // The people query with the cohort as its rule: the same list, paging and output as query run.
            var query = new PeopleQuery { Rule = new InCohortRule(found.Value.Id), Limit = parse.GetValue(limit), Offset = parse.GetValue(offset) };
            var result = await services.GetRequiredService<QueryRunner>().RunAsync(target.Id, target.TimeZone, query, cancellationToken);
            if (!result.IsSuccess)
            {
                return Cli.Fail(result.Error);
            }

            QueryOutput.Print(result.Value, parse.GetValue(format)!, Console.Out);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Delete()
    {
        var common = new CommonOptions();
        var project = QueryCommand.ProjectOption();
        var cohort = new Option<string>("--cohort") { Description = "Cohort id or name.", Required = true };
        var command = new Command("delete", "Delete a cohort.") { project, cohort };
        common.AddTo(command, withJson: false);
        command.SetAction((parse, cancellationToken) => QueryCommand.WithAnalyticsAsync(common.Overrides(parse), parse.GetValue(project)!, async (services, target) =>
        {
            var catalog = services.GetRequiredService<CohortCatalog>();
            var found = await FindAsync(catalog, target.Id, parse.GetValue(cohort)!, cancellationToken);
            if (!found.IsSuccess)
            {
                return Cli.Fail(found.Error);
            }

            await catalog.DeleteAsync(target.Id, found.Value.Id, cancellationToken);
            Console.WriteLine($"Deleted cohort '{found.Value.Name}'.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static async Task<Result<CohortInput>> InputAsync(string name, string? description, string? rulePath, string? csvPath, string? queryPath, CancellationToken cancellationToken)
    {
        if ((rulePath is null ? 0 : 1) + (csvPath is null ? 0 : 1) + (queryPath is null ? 0 : 1) != 1)
        {
            return Error.Validation("cohort.kind_invalid", "Give one of --rule-file (a dynamic cohort), --csv or --query-file (a static one).", "rule");
        }

        var path = rulePath ?? csvPath ?? queryPath!;
        var bytes = await QueryCommand.ReadInputAsync(path, "cohort.file", cancellationToken);
        if (!bytes.IsSuccess)
        {
            return bytes.Error;
        }

        if (csvPath is not null)
        {
            using var reader = new StreamReader(new MemoryStream(bytes.Value));
            var ids = await CohortCsv.ReadDistinctIdsAsync(reader, cancellationToken);
            return ids.IsSuccess ? new CohortInput(name, description, DistinctIds: ids.Value) : ids.Error;
        }

        if (queryPath is not null)
        {
            var parsed = QueryJson.Parse(bytes.Value);
            if (!parsed.IsSuccess)
            {
                return parsed.Error;
            }

            return parsed.Value is PeopleQuery people
                ? new CohortInput(name, description, Query: people)
                : Error.Validation("cohort.query_invalid", "--query-file needs a query of kind people.", "query");
        }

        try
        {
            return JsonSerializer.Deserialize<CohortRule>(bytes.Value, QueryJson.Options) is { } rule
                ? new CohortInput(name, description, Rule: rule)
                : Error.Validation("cohort.rule_invalid", "The rule file is empty.", "rule");
        }
        catch (JsonException e)
        {
            return Error.Validation("cohort.rule_invalid", $"The rule is not valid JSON for a cohort rule: {e.Message}", "rule");
        }
    }

    private static async Task<Result<CohortDefinition>> FindAsync(CohortCatalog catalog, Guid projectId, string idOrName, CancellationToken cancellationToken)
    {
        var all = await catalog.ListAsync(projectId, cancellationToken);
        var found = Guid.TryParse(idOrName, out var id)
            ? all.FirstOrDefault(c => c.Id == id)
            : all.FirstOrDefault(c => string.Equals(c.Name, idOrName, StringComparison.Ordinal));
        return found is null ? Error.NotFound("cohort.not_found", $"No cohort has the id or name '{idOrName}'.") : found;
    }
}
