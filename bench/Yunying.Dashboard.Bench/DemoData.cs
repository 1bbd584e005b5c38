using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Yunying.Dashboard.Bench;

/// <summary>
/// A data directory holding the demo project (filled by <c>yunying demo</c>) and an operator whose password the
/// benchmark knows (<c>yunying admin create-user</c>). A marker file records what was generated, so a later run
/// with the same demo options reuses the directory instead of generating again.
/// </summary>
internal sealed record DemoData(string Directory, Guid ProjectId, string UserName, string Password, int Events, int Users, int Days, int Seed, string End, long StoredEvents)
{
    private const string MarkerFile = "pagebench.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The directory's demo data when it matches the options, else a fresh one generated into it.</summary>
    public static async Task<(DemoData Data, double GeneratedSeconds)> EnsureAsync(YunyingCli cli, Args args, string directory, CancellationToken cancellationToken)
    {
        var marker = Path.Combine(directory, MarkerFile);
        if (File.Exists(marker))
        {
            var kept = JsonSerializer.Deserialize<DemoData>(await File.ReadAllTextAsync(marker, cancellationToken), Json);
            if (kept is not null && kept.Events == args.Events && kept.Users == args.Users && kept.Days == args.Days && kept.Seed == args.Seed
                && (args.End is null || args.End == kept.End))
            {
                return (kept with { Directory = directory }, 0);
            }

            Console.WriteLine($"{directory} holds other demo options; generating again.");
            System.IO.Directory.Delete(directory, recursive: true);
        }
        else if (System.IO.Directory.Exists(directory) && System.IO.Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new InvalidOperationException($"{directory} is not empty and holds no {MarkerFile}: not a directory this benchmark made; choose another --data-dir.");
        }

        System.IO.Directory.CreateDirectory(directory);
        var end = args.End ?? DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        const string userName = "pagebench";
        const string password = "pagebench-Secret-42";
        var watch = Stopwatch.StartNew();
        await cli.RunAsync(cancellationToken, "admin", "create-user", "--data-dir", directory, "--user-name", userName, "--password", password, "--administrator");
        Console.WriteLine($"Generating {args.Events:N0} demo events of {args.Users:N0} users over {args.Days} days ending {end} (seed {args.Seed}) with 'yunying demo' …");
        using var summary = JsonDocument.Parse(await cli.RunAsync(cancellationToken,
            "demo", "--data-dir", directory, "--events", Text(args.Events), "--users", Text(args.Users), "--days", Text(args.Days),
            "--seed", Text(args.Seed), "--end", end, "--json"));
        var root = summary.RootElement;
        var data = new DemoData(directory, root.GetProperty("projectId").GetGuid(), userName, password, args.Events, args.Users, args.Days, args.Seed, end,
            root.GetProperty("events").GetInt64());
        await File.WriteAllTextAsync(marker, JsonSerializer.Serialize(data, Json), cancellationToken);
        return (data, watch.Elapsed.TotalSeconds);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
