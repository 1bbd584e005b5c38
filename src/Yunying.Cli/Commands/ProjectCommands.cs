using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Yunying.Core.Tenancy;
using Yunying.Data.Operators;
using Yunying.Data.Tenancy;
using Yunying.Server.Projects;

namespace Yunying.Cli.Commands;

/// <summary><c>yunying project create|list</c>.</summary>
public static class ProjectCommands
{
    public static Command Create() => new("project", "Create and list projects.") { CreateProject(), ListProjects() };

    private static Command CreateProject()
    {
        var common = new CommonOptions();
        var owner = new ActingOperator();
        var name = new Option<string>("--name", "-n") { Description = "Project name (the product or app).", Required = true };
        var organisation = new Option<Guid?>("--organisation") { Description = "Organisation id; default the owner's first organisation." };
        var timeZone = new Option<string?>("--time-zone") { Description = "IANA time zone for days and weeks in analyses. Default Asia/Shanghai." };
        var currency = new Option<string?>("--currency") { Description = "ISO 4217 currency for revenue. Default CNY." };
        var command = new Command("create", "Create a project and print its write key and secret key (the secret is shown once).")
        {
            name, organisation, timeZone, currency, owner.Option,
        };
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => Cli.WithStateAsync(common.Overrides(parse), async services =>
        {
            var acting = await owner.ResolveAsync(parse, services.GetRequiredService<OperatorService>(), cancellationToken);
            if (!acting.IsSuccess)
            {
                return Cli.Fail(acting.Error);
            }

            var created = await services.GetRequiredService<ProjectService>().CreateAsync(
                Caller.ForOperator(acting.Value.Id), parse.GetValue(organisation), parse.GetValue(name), parse.GetValue(timeZone), parse.GetValue(currency), cancellationToken);
            if (!created.IsSuccess)
            {
                return Cli.Fail(created.Error);
            }

            var response = CreatedProjectResponse.From(created.Value.Project, created.Value.SecretKey);
            if (parse.GetValue(common.Json))
            {
                Cli.PrintJson(response);
            }
            else
            {
                Console.WriteLine($"Created project '{response.Name}' ({response.Id}), owner {acting.Value.UserName}.");
                Console.WriteLine($"  write key:  {response.WriteKey}");
                Console.WriteLine($"  secret key: {response.SecretKey}  (shown once)");
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command ListProjects()
    {
        var common = new CommonOptions();
        var user = new Option<string?>("--user") { Description = "Only the projects this operator has a role in." };
        var command = new Command("list", "List projects.") { user };
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => Cli.WithStateAsync(common.Overrides(parse), async services =>
        {
            var projects = services.GetRequiredService<ProjectService>();
            List<ProjectListItem> items;
            if (parse.GetValue(user) is { } userName)
            {
                var account = await services.GetRequiredService<OperatorService>().FindByUserNameAsync(userName, cancellationToken);
                if (account is null)
                {
                    return Cli.Fail(Core.Results.Error.NotFound("operator.not_found", $"No operator is named '{userName}'."));
                }

                items = (await projects.ListAsync(Caller.ForOperator(account.Id), cancellationToken))
                    .Select(a => ProjectListItem.From(a.Project, a.Role.Name())).ToList();
            }
            else
            {
                items = (await projects.ListAllAsync(cancellationToken)).Select(p => ProjectListItem.From(p, null)).ToList();
            }

            if (parse.GetValue(common.Json))
            {
                Cli.PrintJson(items);
            }
            else
            {
                Cli.PrintTable(
                    ["ID", "NAME", "ORGANISATION", "TIME ZONE", "CURRENCY", "WRITE KEY"],
                    items.Select(p => new[] { p.Id.ToString(), p.Name, p.Organisation ?? string.Empty, p.TimeZone, p.Currency, p.WriteKey }));
            }

            return 0;
        }, cancellationToken));
        return command;
    }
}
