using System.CommandLine;
using Yunying.Core.Results;
using Yunying.Data.Operators;

namespace Yunying.Cli.Commands;

/// <summary>The <c>--user</c> option: whom a local verb acts as (the first administrator when omitted).</summary>
public sealed class ActingOperator
{
    public Option<string?> Option { get; } = new("--user") { Description = "Operator to act as; default the first administrator." };

    public async Task<Result<Operator>> ResolveAsync(ParseResult parse, OperatorService operators, CancellationToken cancellationToken)
    {
        var name = parse.GetValue(Option);
        var account = name is null
            ? await operators.FirstAdministratorAsync(cancellationToken)
            : await operators.FindByUserNameAsync(name, cancellationToken);
        return account is not null
            ? account
            : Error.NotFound("operator.not_found", name is null
                ? "No administrator exists yet; run 'yunying serve' once or 'yunying admin create-user --administrator'."
                : $"No operator is named '{name}'.");
    }
}
