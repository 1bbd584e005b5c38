using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Yunying.Data.Operators;
using Yunying.Server.Tokens;

namespace Yunying.Cli.Commands;

/// <summary><c>yunying token create</c>: a personal API token for scripts.</summary>
public static class TokenCommands
{
    public static Command Create() => new("token", "Personal API tokens.") { CreateToken() };

    private static Command CreateToken()
    {
        var common = new CommonOptions();
        var acting = new ActingOperator();
        var name = new Option<string>("--name", "-n") { Description = "What the token is for, such as 'nightly export'.", Required = true };
        var expires = new Option<int?>("--expires-in-days") { Description = "Days until the token stops working; never when omitted." };
        var command = new Command("create", "Create a personal token; it acts with the operator's roles and is shown once.") { name, expires, acting.Option };
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => Cli.WithStateAsync(common.Overrides(parse), async services =>
        {
            var account = await acting.ResolveAsync(parse, services.GetRequiredService<OperatorService>(), cancellationToken);
            if (!account.IsSuccess)
            {
                return Cli.Fail(account.Error);
            }

            var created = await services.GetRequiredService<PersonalTokenService>().CreateAsync(account.Value.Id, parse.GetValue(name), parse.GetValue(expires), cancellationToken);
            if (!created.IsSuccess)
            {
                return Cli.Fail(created.Error);
            }

            var (token, secret) = created.Value;
            var response = new CreatedTokenResponse(token.Id, token.Name, secret, token.CreatedAt, token.ExpiresAt);
            if (parse.GetValue(common.Json))
            {
                Cli.PrintJson(response);
            }
            else
            {
                Console.WriteLine($"Token '{token.Name}' for {account.Value.UserName} (shown once):");
                Console.WriteLine(secret);
            }

            return 0;
        }, cancellationToken));
        return command;
    }
}
