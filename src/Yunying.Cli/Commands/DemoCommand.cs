using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Yunying.Analytics.Demo;
using Yunying.Server.Storage;

namespace Yunying.Cli.Commands;

/// <summary><c>yunying demo</c>: generate a believable product's events into a project, or as JSON Lines.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var project = new Option<string?>("--project") { Description = "Project id or name to fill. Default: the demo project (created like 'serve --demo' does)." };
        var projectName = new Option<string?>("--project-name") { Description = "Project name to fill (same as --project with a name)." };
        var events = new Option<int>("--events") { Description = "About how many events (at least one per user). Default 200000.", DefaultValueFactory = _ => 200_000 };
        var users = new Option<int>("--users") { Description = "How many people arrive over the period. Default 20000.", DefaultValueFactory = _ => 20_000 };
        var days = new Option<int>("--days") { Description = "How many days of data. Default 60.", DefaultValueFactory = _ => 60 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same options and seed give the same events. Default 42.", DefaultValueFactory = _ => 42 };
        var end = new Option<string?>("--end") { Description = "Last day with events, YYYY-MM-DD (Asia/Shanghai days). Default today (UTC date)." };
        var jsonl = new Option<string?>("--jsonl") { Description = "Write JSON Lines (the export format) to this file, or '-' for stdout, instead of the event store." };
        var append = new Option<bool>("--append") { Description = "Add to a project that already has events (otherwise refused)." };
        var command = new Command(
            "demo",
            "Generate demo events: channels (utm_source), growth then plateau, signup → activation → purchase, decaying retention, check-ins, shares and invites. "
            + "Writes into the event store of the data directory: " + EventStoreAccess.StopServerFirst)
        {
            project, projectName, events, users, days, seed, end, jsonl, append,
        };
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var endText = parse.GetValue(end);
            DateOnly endDate;
            if (endText is null)
            {
                endDate = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
            }
            else if (!DateOnly.TryParseExact(endText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out endDate))
            {
                return Cli.Fail(Core.Results.Error.Validation("demo.end", "--end must be a date as YYYY-MM-DD."));
            }

            var options = new DemoOptions(parse.GetValue(events), parse.GetValue(users), parse.GetValue(days), parse.GetValue(seed), endDate);
            if (options.Problem() is { } problem)
            {
                return Cli.Fail(Core.Results.Error.Validation("demo.options", problem));
            }

            var generator = new DemoGenerator(options);
            var json = parse.GetValue(common.Json);
            if (parse.GetValue(jsonl) is { } file)
            {
                return await WriteJsonlAsync(generator, file, cancellationToken);
            }

            var overrides = common.Overrides(parse);
            return await Cli.WithStateAsync(overrides, async services =>
            {
                var wanted = parse.GetValue(project) ?? parse.GetValue(projectName);
                Data.Tenancy.Project? target;
                if (wanted is null)
                {
                    var bootstrap = ActivatorUtilities.CreateInstance<Bootstrap>(services);
                    if (await bootstrap.EnsureFirstRunAsync(cancellationToken) is { } account)
                    {
                        await Console.Error.WriteLineAsync($"First run: created the owner account '{account.UserName}' with password {account.Password} (shown once).");
                    }

                    target = await bootstrap.EnsureDemoAsync(cancellationToken);
                }
                else
                {
                    target = await EventStoreAccess.FindProjectAsync(services, wanted, cancellationToken);
                    if (target is null)
                    {
                        return EventStoreAccess.ProjectNotFound(wanted);
                    }
                }

                var (opened, error) = EventStoreAccess.Open(overrides);
                if (opened is null)
                {
                    return Cli.Fail(error!);
                }

                await using var store = opened;
                var existing = (await store.GetSnapshotAsync(target.Id, cancellationToken)).RowCount;
                if (existing > 0 && !parse.GetValue(append))
                {
                    return Cli.Fail(Core.Results.Error.Conflict("demo.not_empty", $"Project '{target.Name}' already has {existing:N0} events; pass --append to add more."));
                }

                DemoLoadResult result;
                using (var progress = new TerminalProgress("demo", options.Events, "events"))
                {
                    result = await DemoLoader.LoadAsync(store, target.Id, generator, progress, cancellationToken);
                }

                var summary = new DemoSummary(target.Id, target.Name, result.Events, options.Users, options.Days, options.Seed,
                    options.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Math.Round(result.Elapsed.TotalSeconds, 3), Math.Round(result.EventsPerSecond));
                if (json)
                {
                    Cli.PrintJson(summary);
                }
                else
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"Wrote {summary.Events:N0} events of {summary.Users:N0} users over {summary.Days} days (seed {summary.Seed}, ending {summary.EndDate}) into project '{summary.ProjectName}' ({summary.ProjectId}) in {summary.Seconds:0.###} s: {summary.EventsPerSecond:N0} events/s."));
                }

                return 0;
            }, cancellationToken);
        });
        return command;
    }

    private static async Task<int> WriteJsonlAsync(DemoGenerator generator, string file, CancellationToken cancellationToken)
    {
        try
        {
            var toStdout = file == "-";
            await using var output = toStdout ? Console.OpenStandardOutput() : File.Create(file);
            long written;
            using (var progress = new TerminalProgress("demo", generator.Options.Events, "events"))
            {
                written = await DemoJsonl.WriteAsync(generator, output, progress, cancellationToken);
            }

            if (!toStdout)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {written:N0} events to {file}."));
            }

            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Cli.Fail(e.Message);
        }
    }
}
