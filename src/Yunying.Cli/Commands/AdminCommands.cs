using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Yunying.Core.Security;
using Yunying.Data.Operators;
using Yunying.Data.Tenancy;

namespace Yunying.Cli.Commands;

/// <summary><c>yunying admin …</c>: operator accounts, for whoever holds the data directory.</summary>
public static class AdminCommands
{
    public static Command Create() => new("admin", "Manage operator accounts.") { CreateUser(), ResetPassword() };

    private static Command CreateUser()
    {
        var common = new CommonOptions();
        var userName = new Option<string>("--user-name", "-u") { Description = "User name (3–64 letters, digits or . _ @ -).", Required = true };
        var password = new Option<string?>("--password") { Description = "Password (at least 10 characters); generated and printed once when omitted." };
        var displayName = new Option<string?>("--display-name") { Description = "Name shown in the dashboard." };
        var administrator = new Option<bool>("--administrator") { Description = "May create operators and organisations." };
        var command = new Command("create-user", "Create an operator account and add it to the first organisation.") { userName, password, displayName, administrator };
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => Cli.WithStateAsync(common.Overrides(parse), async services =>
        {
            var operators = services.GetRequiredService<OperatorService>();
            var chosen = parse.GetValue(password);
            var secret = chosen ?? Secrets.NewPassword();
            var created = await operators.CreateAsync(parse.GetValue(userName)!, secret, parse.GetValue(administrator), parse.GetValue(displayName), cancellationToken);
            if (!created.IsSuccess)
            {
                return Cli.Fail(created.Error);
            }

            var account = created.Value;
            var organisation = await services.GetRequiredService<ProjectService>().JoinFirstOrganisationAsync(account.Id, account.IsAdministrator, cancellationToken);
            var shownPassword = chosen is null ? secret : null;
            if (parse.GetValue(common.Json))
            {
                Cli.PrintJson(new { id = account.Id, userName = account.UserName, isAdministrator = account.IsAdministrator, organisationId = organisation, password = shownPassword });
            }
            else
            {
                Console.WriteLine($"Created operator '{account.UserName}'{(account.IsAdministrator ? " (administrator)" : string.Empty)}.");
                if (shownPassword is not null)
                {
                    Console.WriteLine($"Password (shown once): {shownPassword}");
                }
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command ResetPassword()
    {
        var common = new CommonOptions();
        var userName = new Option<string>("--user-name", "-u") { Description = "The operator's user name.", Required = true };
        var password = new Option<string?>("--password") { Description = "New password; generated and printed once when omitted." };
        var command = new Command("reset-password", "Set a new password and lift any sign-in lockout.") { userName, password };
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => Cli.WithStateAsync(common.Overrides(parse), async services =>
        {
            var chosen = parse.GetValue(password);
            var secret = chosen ?? Secrets.NewPassword();
            var reset = await services.GetRequiredService<OperatorService>().SetPasswordAsync(parse.GetValue(userName)!, secret, cancellationToken);
            if (!reset.IsSuccess)
            {
                return Cli.Fail(reset.Error);
            }

            var shown = chosen is null ? secret : null;
            if (parse.GetValue(common.Json))
            {
                Cli.PrintJson(new { userName = reset.Value.UserName, password = shown });
            }
            else
            {
                Console.WriteLine(shown is null ? $"Password of '{reset.Value.UserName}' changed." : $"New password of '{reset.Value.UserName}' (shown once): {shown}");
            }

            return 0;
        }, cancellationToken));
        return command;
    }
}
