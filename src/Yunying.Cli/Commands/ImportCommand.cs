using System.CommandLine;
using System.Globalization;
using Yunying.Analytics.Transfer;
using Yunying.Events;

namespace Yunying.Cli.Commands;

/// <summary><c>yunying import</c>: events from a file into a project, skipping (and reporting) bad lines.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var project = new Option<string>("--project") { Description = "Project id or name.", Required = true };
        var format = new Option<ImportFormat>("--format") { Description = "jsonl (what 'yunying export' writes), csv (header: event, distinct_id, timestamp, [uuid], [properties], other columns become properties), posthog or sensors (one capture payload per line). Default jsonl.", DefaultValueFactory = _ => ImportFormat.Jsonl };
        var file = new Argument<string>("FILE") { Description = "The file to read, or '-' for stdin." };
        var command = new Command(
            "import",
            "Import events from a file. A bad line is reported on stderr with its line number and skipped; everything else is kept. "
            + "Events whose uuid the project received in the last 24 h are skipped as duplicates. " + EventStoreAccess.StopServerFirst)
        {
            project, format, file,
        };
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var overrides = common.Overrides(parse);
            return Cli.WithStateAsync(overrides, async services =>
            {
                var wanted = parse.GetValue(project)!;
                var target = await EventStoreAccess.FindProjectAsync(services, wanted, cancellationToken);
                if (target is null)
                {
                    return EventStoreAccess.ProjectNotFound(wanted);
                }

                var path = parse.GetValue(file)!;
                if (path != "-" && !File.Exists(path))
                {
                    return Cli.Fail(Core.Results.Error.NotFound("import.file", $"No file at '{path}'."));
                }

                var (opened, error) = EventStoreAccess.Open(overrides);
                if (opened is null)
                {
                    return Cli.Fail(error!);
                }

                await using var store = opened;
                await using var input = path == "-" ? Console.OpenStandardInput() : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                long duplicates = 0;
                var importer = new EventImporter(parse.GetValue(format), TimeProvider.System);
                ImportResult result;
                using (var progress = new TerminalProgress("import", input.CanSeek ? input.Length : 0, "bytes"))
                {
                    result = await importer.ImportAsync(
                        input,
                        async (batch, ct) => duplicates += (await store.AppendAsync(target.Id, batch, AppendOptions.SkipDuplicates, ct)).SkippedDuplicates,
                        error => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"line {error.Line}: {error.Reason} (skipped)")),
                        progress,
                        cancellationToken);
                }

                var summary = new ImportSummary(target.Id, result.Lines, result.Events - duplicates, duplicates, result.Skipped);
                if (parse.GetValue(common.Json))
                {
                    Cli.PrintJson(summary);
                }
                else
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"Imported {summary.Imported:N0} events into '{target.Name}' from {summary.Lines:N0} lines; {summary.SkippedLines:N0} bad lines skipped, {summary.Duplicates:N0} duplicates skipped."));
                }

                return 0;
            }, cancellationToken);
        });
        return command;
    }
}
