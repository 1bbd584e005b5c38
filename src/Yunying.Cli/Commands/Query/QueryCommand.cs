using System.CommandLine;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Yunying.Analytics;
using Yunying.Analytics.Cohorts;
using Yunying.Analytics.Query;
using Yunying.Core.Results;
using Yunying.Events;
using Yunying.Server.Storage;

namespace Yunying.Cli.Commands.Query;

/// <summary><c>yunying query</c>: the analyses of the query API from the command line, on a stopped server's data directory.</summary>
public static partial class QueryCommand
{
    public static Command Create()
    {
        var command = new Command("query", "Run analyses on a project's events (the same model as POST /api/projects/{id}/query). " + EventStoreAccess.StopServerFirst)
        {
            Trends(),
            Overview(),
            RunFile(),
        };
        return command;
    }

    private static Command Trends()
    {
        var common = new CommonOptions();
        var project = ProjectOption();
        var events = new Option<string[]>("--event") { Description = "Event name of a series; repeat for several series (A, B…). Omit for every event.", AllowMultipleArgumentsPerToken = false };
        var math = new Option<string[]>("--math") { Description = "Math per series (in --event order, the last one repeats): total, unique (dau), weekly_active, monthly_active, avg_count_per_actor, sum, avg, min, max, median, p90. Default total." };
        var mathProperty = new Option<string?>("--math-property") { Description = "The numeric property for sum, avg, min, max, median and p90." };
        var from = new Option<string?>("--from") { Description = "Start: YYYY-MM-DD (project's time zone) or relative (-30d, mtd…)." };
        var to = new Option<string?>("--to") { Description = "End: YYYY-MM-DD (that whole day) or relative; default now." };
        var last = new Option<string?>("--last") { Description = "Shorthand for the last N days/hours/weeks/months: 30d, 24h, 4w, 3m (same as --from -30d)." };
        var interval = new Option<string>("--interval") { Description = "hour, day, week or month. Default day.", DefaultValueFactory = _ => "day" };
        var breakdown = new Option<string?>("--breakdown") { Description = "Split by this property (person.KEY for a person property)." };
        var limit = new Option<int>("--limit") { Description = "Breakdown values kept before (other). Default 25.", DefaultValueFactory = _ => Breakdown.DefaultLimit };
        var where = new Option<string[]>("--where") { Description = "Filter, repeatable: prop=value (a,b = any of), prop!=value, prop~text, prop!~text, prop>5, prop>=5, prop<5, prop<=5, prop (is set), !prop; person.KEY for person properties." };
        var compare = new Option<bool>("--compare") { Description = "Also show the previous period." };
        var formula = new Option<string?>("--formula") { Description = "Formula over the series letters, e.g. B/A." };
        var timeZone = new Option<string?>("--time-zone") { Description = "Read dates in this IANA time zone instead of the project's." };
        var format = FormatOption();
        var command = new Command("trends", "Counts, unique people and property statistics over time (事件分析).")
        {
            project, events, math, mathProperty, from, to, last, interval, breakdown, limit, where, compare, formula, timeZone, format,
        };
        common.AddTo(command, withJson: false);
        command.SetAction((parse, cancellationToken) =>
        {
            var built = BuildTrends(
                parse.GetValue(events) ?? [], parse.GetValue(math) ?? [], parse.GetValue(mathProperty), parse.GetValue(from), parse.GetValue(to),
                parse.GetValue(last), parse.GetValue(interval)!, parse.GetValue(breakdown), parse.GetValue(limit), parse.GetValue(where) ?? [],
                parse.GetValue(compare), parse.GetValue(formula), parse.GetValue(timeZone));
            if (!built.IsSuccess)
            {
                return Task.FromResult(Cli.Fail(built.Error));
            }

            return RunAsync(common.Overrides(parse), parse.GetValue(project)!, built.Value, parse.GetValue(format)!, cancellationToken);
        });
        return command;
    }

    private static Command Overview()
    {
        var common = new CommonOptions();
        var project = ProjectOption();
        var from = new Option<string?>("--from") { Description = "Start: YYYY-MM-DD (project's time zone) or relative. Default -29d (the last 30 days)." };
        var to = new Option<string?>("--to") { Description = "End: YYYY-MM-DD (that whole day) or relative; default now." };
        var activation = new Option<string?>("--activation-event") { Description = "The activation event. Default first_action." };
        var days = new Option<int?>("--activation-days") { Description = "Days after first seen within which activation counts (1-90). Default 7." };
        var revenue = new Option<string?>("--revenue-event") { Description = "The revenue event. Default purchase." };
        var amount = new Option<string?>("--revenue-property") { Description = "The revenue event's numeric property. Default amount." };
        var referral = new Option<string[]>("--referral-event") { Description = "A referral event, repeatable. Default invite and share." };
        var channel = new Option<string?>("--channel-property") { Description = "The event property new people are split by. Default utm_source." };
        var invite = new Option<string?>("--invite-channel") { Description = "The channel value of invited people, for the K-factor. Default invite." };
        var format = FormatOption();
        var command = new Command("overview", "The AARRR overview of a period beside the previous one (the project home's numbers).")
        {
            project, from, to, activation, days, revenue, amount, referral, channel, invite, format,
        };
        common.AddTo(command, withJson: false);
        command.SetAction((parse, cancellationToken) =>
        {
            var defaults = new Analytics.Query.Overview.OverviewQuery();
            var referrals = parse.GetValue(referral) ?? [];
            var query = new Analytics.Query.Overview.OverviewQuery
            {
                DateRange = parse.GetValue(from) is null && parse.GetValue(to) is null ? null : new DateRange(parse.GetValue(from), parse.GetValue(to)),
                ActivationEvent = parse.GetValue(activation) ?? defaults.ActivationEvent,
                ActivationDays = parse.GetValue(days) ?? defaults.ActivationDays,
                RevenueEvent = parse.GetValue(revenue) ?? defaults.RevenueEvent,
                RevenueProperty = parse.GetValue(amount) ?? defaults.RevenueProperty,
                ReferralEvents = referrals.Length == 0 ? defaults.ReferralEvents : referrals,
                AcquisitionProperty = parse.GetValue(channel) ?? defaults.AcquisitionProperty,
                InviteChannel = parse.GetValue(invite) ?? defaults.InviteChannel,
            };
            return RunAsync(common.Overrides(parse), parse.GetValue(project)!, query, parse.GetValue(format)!, cancellationToken);
        });
        return command;
    }

    private static Command RunFile()
    {
        var common = new CommonOptions();
        var project = ProjectOption();
        var file = new Option<string>("--file") { Description = "The query as JSON (any kind), or '-' for stdin.", Required = true };
        var format = FormatOption();
        var command = new Command("run", "Run a query written as JSON, exactly as the API takes it.") { project, file, format };
        common.AddTo(command, withJson: false);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var body = await ReadInputAsync(parse.GetValue(file)!, "query.file", cancellationToken);
            if (!body.IsSuccess)
            {
                return Cli.Fail(body.Error);
            }

            var parsed = QueryJson.Parse(body.Value);
            if (!parsed.IsSuccess)
            {
                return Cli.Fail(parsed.Error);
            }

            return await RunAsync(common.Overrides(parse), parse.GetValue(project)!, parsed.Value, parse.GetValue(format)!, cancellationToken);
        });
        return command;
    }

    /// <summary>The bytes of file <paramref name="path"/>, or of standard input for <c>-</c>.</summary>
    internal static async Task<Result<byte[]>> ReadInputAsync(string path, string code, CancellationToken cancellationToken)
    {
        try
        {
            if (path != "-")
            {
                return await File.ReadAllBytesAsync(path, cancellationToken);
            }

            using var buffer = new MemoryStream();
            await using var stdin = Console.OpenStandardInput();
            await stdin.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error.NotFound(code, $"Cannot read '{path}': {e.Message}");
        }
    }

    /// <summary>Assembles a trends query from the flags (public for tests of the flag rules).</summary>
    public static Result<TrendsQuery> BuildTrends(
        string[] events, string[] maths, string? mathProperty, string? from, string? to, string? last, string interval, string? breakdown, int limit,
        string[] where, bool compare, string? formula, string? timeZone)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(maths);
        ArgumentNullException.ThrowIfNull(where);
        if (last is not null && (from is not null || to is not null))
        {
            return QueryErrors.Invalid("last", "Use either --last or --from/--to, not both.");
        }

        if (last is not null && !LastPattern().IsMatch(last.Trim()))
        {
            return QueryErrors.Invalid("last", $"--last '{last}' is not a length such as 30d, 24h, 4w or 3m.");
        }

        if (!Enum.TryParse<Interval>(interval, ignoreCase: true, out var parsedInterval) || !Enum.IsDefined(parsedInterval))
        {
            return QueryErrors.Invalid("interval", $"--interval '{interval}' is not hour, day, week or month.");
        }

        var filters = new List<PropertyFilter>();
        foreach (var text in where)
        {
            if (!WhereFilter.TryParse(text, out var filter, out var problem))
            {
                return QueryErrors.BadFilter("where", problem!);
            }

            filters.Add(filter);
        }

        var names = events.Length == 0 ? [null] : events.Select(e => (string?)e).ToArray();
        var series = names.Select((name, i) => new TrendSeries
        {
            Event = name,
            Math = maths.Length == 0 ? null : maths[Math.Min(i, maths.Length - 1)],
            MathProperty = mathProperty,
        }).ToList();
        Breakdown? split = null;
        if (!string.IsNullOrWhiteSpace(breakdown))
        {
            split = breakdown.StartsWith("person.", StringComparison.Ordinal)
                ? new Breakdown(breakdown["person.".Length..], PropertyScope.Person, limit)
                : new Breakdown(breakdown, PropertyScope.Event, limit);
        }

        return new TrendsQuery
        {
            Series = series,
            DateRange = new DateRange(last is null ? from : "-" + last.Trim(), to),
            Interval = parsedInterval,
            Properties = filters,
            Breakdown = split,
            Compare = compare,
            Formula = formula,
            TimeZone = timeZone,
        };
    }

    private static Task<int> RunAsync(Dictionary<string, string?> overrides, string wanted, AnalyticsQuery query, string format, CancellationToken cancellationToken) =>
        WithAnalyticsAsync(overrides, wanted, async (provider, project) =>
        {
            var runner = provider.GetRequiredService<QueryRunner>();
            var result = await runner.RunAsync(project.Id, project.TimeZone, query, cancellationToken);
            if (!result.IsSuccess)
            {
                return Cli.Fail(result.Error);
            }

            QueryOutput.Print(result.Value, format, Console.Out);
            return 0;
        }, cancellationToken);

    /// <summary>
    /// Opens the state store and the event store of a stopped server's data directory, finds the project, and
    /// runs <paramref name="verb"/> with the analytics services composed as the server composes them.
    /// </summary>
    internal static Task<int> WithAnalyticsAsync(
        Dictionary<string, string?> overrides, string wanted, Func<IServiceProvider, Data.Tenancy.Project, Task<int>> verb, CancellationToken cancellationToken) =>
        Cli.WithStateAsync(overrides, async services =>
        {
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
            var analytics = new ServiceCollection();
            analytics.AddSingleton(store);
            analytics.AddSingleton(TimeProvider.System);
            analytics.AddSingleton<ICohortStore>(new CohortStore(services.GetRequiredService<IServiceScopeFactory>()));
            analytics.AddSingleton<Analytics.Insights.IInsightStore>(new InsightStore(services.GetRequiredService<IServiceScopeFactory>()));
            analytics.AddEventExplorer<CliProjectAccess>();
            await using var provider = analytics.BuildServiceProvider();
            return await verb(provider, target);
        }, cancellationToken);

    internal static Option<string> ProjectOption() => new("--project") { Description = "Project id or name.", Required = true };

    private static Option<string> FormatOption()
    {
        var option = new Option<string>("--format") { Description = "table, json or csv. Default table.", DefaultValueFactory = _ => "table" };
        option.AcceptOnlyFromAmong("table", "json", "csv");
        return option;
    }

    [GeneratedRegex(@"^\d{1,6}[hdwmyHDWMY]$")]
    private static partial Regex LastPattern();
}
