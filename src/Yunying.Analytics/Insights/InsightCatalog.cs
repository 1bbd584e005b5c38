using System.Text.Json;
using Yunying.Analytics.Query;
using Yunying.Core.Results;

namespace Yunying.Analytics.Insights;

/// <summary>
/// Saved insights and dashboards (看板): checks and keeps them through <see cref="IInsightStore"/>, and answers
/// them through <see cref="InsightResults"/> — a dashboard's date range, when it has one, replaces each tile's own.
/// </summary>
public sealed class InsightCatalog(IInsightStore store, InsightResults results, TimeProvider time)
{
    /// <summary>Most tiles on one dashboard.</summary>
    public const int MaxTiles = 50;

    private static readonly string[] Displays = ["line", "bar", "stacked"];

    public async Task<IReadOnlyList<InsightDefinition>> ListInsightsAsync(Guid projectId, CancellationToken cancellationToken) =>
        [.. (await store.ListInsightsAsync(projectId, cancellationToken)).OrderByDescending(i => i.UpdatedAt).ThenBy(i => i.Id)];

    public async Task<InsightDefinition?> FindInsightAsync(Guid projectId, Guid insightId, CancellationToken cancellationToken) =>
        (await store.ListInsightsAsync(projectId, cancellationToken)).FirstOrDefault(i => i.Id == insightId);

    /// <summary>Checks and saves a new insight (<paramref name="insightId"/> null) or a changed one. The query must parse.</summary>
    public async Task<Result<InsightDefinition>> SaveInsightAsync(Guid projectId, Guid? insightId, InsightInput input, CancellationToken cancellationToken)
    {
        if (CheckName(input?.Name, "insight") is { } badName)
        {
            return badName;
        }

        if (input!.Description is { Length: > 500 })
        {
            return Error.Validation("insight.description_invalid", "A description has at most 500 characters.", "description");
        }

        if (input.Display is not null && !Displays.Contains(input.Display, StringComparer.Ordinal))
        {
            return Error.Validation("insight.display_invalid", "display is line, bar or stacked.", "display");
        }

        var parsed = Parse(input.Query);
        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }

        var now = time.GetUtcNow();
        InsightDefinition insight;
        if (insightId is { } id)
        {
            if (await FindInsightAsync(projectId, id, cancellationToken) is not { } existing)
            {
                return InsightNotFound(id);
            }

            insight = existing with { Name = input.Name.Trim(), Description = Blank(input.Description), Query = input.Query.Clone(), Display = input.Display, UpdatedAt = now };
        }
        else
        {
            insight = new InsightDefinition(Guid.CreateVersion7(), projectId, input.Name.Trim(), Blank(input.Description), input.Query.Clone(), input.Display, now, now);
        }

        await store.SaveInsightAsync(insight, cancellationToken);
        return insight;
    }

    public Task<bool> DeleteInsightAsync(Guid projectId, Guid insightId, CancellationToken cancellationToken) =>
        store.DeleteInsightAsync(projectId, insightId, cancellationToken);

    /// <summary>The insight's answer, over <paramref name="range"/> instead of its own range when one is given.</summary>
    public async Task<Result<InsightAnswer>> AnswerAsync(InsightDefinition insight, string timeZone, DateRange? range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(insight);
        var parsed = Parse(insight.Query);
        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }

        var query = range is null ? parsed.Value : parsed.Value with { DateRange = range };
        var answer = await results.RunAsync(insight.ProjectId, timeZone, query, cancellationToken);
        return answer.IsSuccess ? new InsightAnswer(insight, answer.Value.Result, answer.Value.ComputedAt, answer.Value.Cached, answer.Value.Stale) : answer.Error;
    }

    public async Task<IReadOnlyList<DashboardDefinition>> ListDashboardsAsync(Guid projectId, CancellationToken cancellationToken) =>
        [.. (await store.ListDashboardsAsync(projectId, cancellationToken)).OrderBy(d => d.Name, StringComparer.CurrentCulture).ThenBy(d => d.Id)];

    public async Task<DashboardDefinition?> FindDashboardAsync(Guid projectId, Guid dashboardId, CancellationToken cancellationToken) =>
        (await store.ListDashboardsAsync(projectId, cancellationToken)).FirstOrDefault(d => d.Id == dashboardId);

    /// <summary>
    /// Checks and saves a new dashboard or a changed one. Tiles must name this project's insights, each once,
    /// with width 1 or 2; absent tiles keep an existing dashboard's.
    /// </summary>
    public async Task<Result<DashboardDefinition>> SaveDashboardAsync(Guid projectId, Guid? dashboardId, DashboardInput input, CancellationToken cancellationToken)
    {
        if (CheckName(input?.Name, "dashboard") is { } badName)
        {
            return badName;
        }

        if (input!.Description is { Length: > 500 })
        {
            return Error.Validation("dashboard.description_invalid", "A description has at most 500 characters.", "description");
        }

        var range = Range(input.DateRange);
        if (range is not null && CheckRange(range) is { } badRange)
        {
            return badRange;
        }

        DashboardDefinition? existing = null;
        if (dashboardId is { } id && (existing = await FindDashboardAsync(projectId, id, cancellationToken)) is null)
        {
            return DashboardNotFound(id);
        }

        var tiles = input.Tiles ?? existing?.Tiles ?? [];
        if (await CheckTilesAsync(projectId, tiles, cancellationToken) is { } badTiles)
        {
            return badTiles;
        }

        var now = time.GetUtcNow();
        var dashboard = existing is null
            ? new DashboardDefinition(Guid.CreateVersion7(), projectId, input.Name.Trim(), Blank(input.Description), range, [.. tiles], now, now)
            : existing with { Name = input.Name.Trim(), Description = Blank(input.Description), DateRange = range, Tiles = [.. tiles], UpdatedAt = now };
        await store.SaveDashboardAsync(dashboard, cancellationToken);
        return dashboard;
    }

    /// <summary>Puts an insight on a dashboard (at the end, or where it is already, with the new width).</summary>
    public Task<Result<DashboardDefinition>> AddTileAsync(Guid projectId, Guid dashboardId, DashboardTile tile, CancellationToken cancellationToken) =>
        ChangeTilesAsync(projectId, dashboardId, tiles =>
        {
            var at = tiles.FindIndex(t => t.InsightId == tile.InsightId);
            if (at >= 0)
            {
                tiles[at] = tile;
            }
            else
            {
                tiles.Add(tile);
            }
        }, cancellationToken);

    /// <summary>Takes an insight off a dashboard (the insight stays saved).</summary>
    public Task<Result<DashboardDefinition>> RemoveTileAsync(Guid projectId, Guid dashboardId, Guid insightId, CancellationToken cancellationToken) =>
        ChangeTilesAsync(projectId, dashboardId, tiles => tiles.RemoveAll(t => t.InsightId == insightId), cancellationToken);

    /// <summary>Moves a tile one place earlier (<paramref name="by"/> −1) or later (+1).</summary>
    public Task<Result<DashboardDefinition>> MoveTileAsync(Guid projectId, Guid dashboardId, Guid insightId, int by, CancellationToken cancellationToken) =>
        ChangeTilesAsync(projectId, dashboardId, tiles =>
        {
            var at = tiles.FindIndex(t => t.InsightId == insightId);
            var to = at + Math.Sign(by);
            if (at >= 0 && to >= 0 && to < tiles.Count)
            {
                (tiles[at], tiles[to]) = (tiles[to], tiles[at]);
            }
        }, cancellationToken);

    public Task<bool> DeleteDashboardAsync(Guid projectId, Guid dashboardId, CancellationToken cancellationToken) =>
        store.DeleteDashboardAsync(projectId, dashboardId, cancellationToken);

    /// <summary>Every tile's answer over the dashboard's range (or <paramref name="range"/> when given); a tile that cannot be answered says why.</summary>
    public async Task<Result<DashboardAnswer>> AnswerAsync(DashboardDefinition dashboard, string timeZone, DateRange? range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        range = Range(range) ?? dashboard.DateRange;
        if (range is not null && CheckRange(range) is { } badRange)
        {
            return badRange;
        }

        var insights = (await store.ListInsightsAsync(dashboard.ProjectId, cancellationToken)).ToDictionary(i => i.Id);
        var answers = new List<TileAnswer>(dashboard.Tiles.Count);
        foreach (var tile in dashboard.Tiles)
        {
            if (!insights.TryGetValue(tile.InsightId, out var insight))
            {
                continue;
            }

            var answer = await AnswerAsync(insight, timeZone, range, cancellationToken);
            answers.Add(answer.IsSuccess
                ? new TileAnswer(tile, insight, answer.Value.Result, null, answer.Value.ComputedAt, answer.Value.Cached, answer.Value.Stale)
                : new TileAnswer(tile, insight, null, new TileError(answer.Error.Code, answer.Error.Message), null, false, false));
        }

        return new DashboardAnswer(dashboard, answers);
    }

    /// <summary>The saved query as the engine reads it.</summary>
    public static Result<AnalyticsQuery> Parse(JsonElement query) =>
        query.ValueKind == JsonValueKind.Object
            ? QueryJson.Parse(query)
            : Error.Validation("insight.query_invalid", "An insight needs a query: a JSON object with a 'kind', as POST /api/projects/{id}/query takes it.", "query");

    private async Task<Result<DashboardDefinition>> ChangeTilesAsync(Guid projectId, Guid dashboardId, Action<List<DashboardTile>> change, CancellationToken cancellationToken)
    {
        if (await FindDashboardAsync(projectId, dashboardId, cancellationToken) is not { } dashboard)
        {
            return DashboardNotFound(dashboardId);
        }

        var tiles = dashboard.Tiles.ToList();
        change(tiles);
        return await SaveDashboardAsync(projectId, dashboardId, new DashboardInput(dashboard.Name, dashboard.Description, dashboard.DateRange, tiles), cancellationToken);
    }

    private async Task<Error?> CheckTilesAsync(Guid projectId, IReadOnlyList<DashboardTile> tiles, CancellationToken cancellationToken)
    {
        if (tiles.Count > MaxTiles)
        {
            return Error.Validation("dashboard.tiles_invalid", $"A dashboard has at most {MaxTiles} tiles.", "tiles");
        }

        if (tiles.Any(t => t is null || t.Width is not (1 or 2)))
        {
            return Error.Validation("dashboard.tiles_invalid", "A tile's width is 1 (half) or 2 (whole).", "tiles");
        }

        if (tiles.Select(t => t.InsightId).Distinct().Count() != tiles.Count)
        {
            return Error.Validation("dashboard.tiles_invalid", "An insight is on a dashboard at most once.", "tiles");
        }

        var known = (await store.ListInsightsAsync(projectId, cancellationToken)).Select(i => i.Id).ToHashSet();
        return tiles.FirstOrDefault(t => !known.Contains(t.InsightId)) is { } unknown
            ? Error.Validation("dashboard.insight_unknown", $"No insight with id {unknown.InsightId} in this project.", "tiles")
            : null;
    }

    private Error? CheckRange(DateRange range)
    {
        ZonedCalendar.TryFind("UTC", out var calendar);
        var resolved = DateRangeResolver.Resolve(range, calendar, Events.EventRecord.ToMicros(time.GetUtcNow()), null);
        return resolved.IsSuccess ? null : resolved.Error;
    }

    private static DateRange? Range(DateRange? range) =>
        range is null || (string.IsNullOrWhiteSpace(range.From) && string.IsNullOrWhiteSpace(range.To))
            ? null
            : new DateRange(Blank(range.From), Blank(range.To));

    private static Error? CheckName(string? name, string what) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100
            ? Error.Validation($"{what}.name_invalid", $"A {what} needs a name of 1–100 characters.", "name")
            : null;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    internal static Error InsightNotFound(Guid id) => Error.NotFound("insight.not_found", $"No insight with id {id} in this project.");

    internal static Error DashboardNotFound(Guid id) => Error.NotFound("dashboard.not_found", $"No dashboard with id {id} in this project.");
}
