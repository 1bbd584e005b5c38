using System.CommandLine;
using System.Globalization;
using Yunying.Analytics.Transfer;
using Yunying.Events;

namespace Yunying.Cli.Commands;

/// <summary><c>yunying export</c>: a project's events as JSON Lines on stdout.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var project = new Option<string>("--project") { Description = "Project id or name.", Required = true };
        var from = new Option<string?>("--from") { Description = "Only events at or after this time (YYYY-MM-DD or ISO 8601; UTC unless it has an offset)." };
        var to = new Option<string?>("--to") { Description = "Only events before this time (YYYY-MM-DD or ISO 8601; UTC unless it has an offset)." };
        var command = new Command(
            "export",
            "Write a project's events to stdout as JSON Lines, one event per line: event, distinct_id, person_id, timestamp, uuid, properties. "
            + "person_id is the person the distinct id belongs to after identity resolution (anonymous ids merged at sign-up share it). " + EventStoreAccess.StopServerFirst)
        {
            project, from, to,
        };
        common.AddTo(command, withJson: false);
        command.SetAction((parse, cancellationToken) =>
        {
            DateTimeOffset? low = null, high = null;
            foreach (var (option, set) in new (Option<string?>, Action<DateTimeOffset>)[] { (from, t => low = t), (to, t => high = t) })
            {
                if (parse.GetValue(option) is not { } text)
                {
                    continue;
                }

                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
                {
                    return Task.FromResult(Cli.Fail(Core.Results.Error.Validation("export.time", $"{option.Name} must be a date (YYYY-MM-DD) or an ISO 8601 time.")));
                }

                set(time);
            }

            var overrides = common.Overrides(parse);
            return Cli.WithStateAsync(overrides, async services =>
            {
                var wanted = parse.GetValue(project)!;
                var target = await EventStoreAccess.FindProjectAsync(services, wanted, cancellationToken);
                if (target is null)
                {
                    return EventStoreAccess.ProjectNotFound(wanted);
                }

                var (opened, error) = EventStoreAccess.Open(overrides, new EventStoreOptions { SealOnDispose = false });
                if (opened is null)
                {
                    return Cli.Fail(error!);
                }

                await using var store = opened;
                var total = (await store.GetSnapshotAsync(target.Id, cancellationToken)).RowCount;
                await using var output = Console.OpenStandardOutput();
                using var progress = new TerminalProgress("export", total, "events");
                await EventExporter.ExportAsync(store, target.Id, low, high, output, progress, cancellationToken);
                return 0;
            }, cancellationToken);
        });
        return command;
    }
}
