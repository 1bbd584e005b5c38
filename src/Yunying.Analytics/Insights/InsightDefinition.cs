using System.Text.Json;
using Yunying.Analytics.Query;

namespace Yunying.Analytics.Insights;

/// <summary>A saved insight: a named query of any kind and how to draw it.</summary>
/// <param name="Id">The insight's id.</param>
/// <param name="ProjectId">Its project.</param>
/// <param name="Name">Its name.</param>
/// <param name="Description">What it shows.</param>
/// <param name="Query">The query, exactly as <c>POST /api/projects/{id}/query</c> takes it.</param>
/// <param name="Display">How a trend is drawn: line, bar or stacked (null: line).</param>
/// <param name="CreatedAt">When it was saved first.</param>
/// <param name="UpdatedAt">When it was changed last.</param>
public sealed record InsightDefinition(
    Guid Id, Guid ProjectId, string Name, string? Description, JsonElement Query, string? Display, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The query's kind (trends, funnel, …).</summary>
    public string Kind => Query.ValueKind == JsonValueKind.Object && Query.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String
        ? kind.GetString() ?? string.Empty
        : string.Empty;
}

/// <summary>What a client sends to save an insight.</summary>
/// <param name="Name">Its name (1–100 characters).</param>
/// <param name="Description">What it shows (at most 500 characters).</param>
/// <param name="Query">The query, as the query API takes it; it must parse.</param>
/// <param name="Display">line, bar or stacked, for trends.</param>
public sealed record InsightInput(string Name, JsonElement Query, string? Description = null, string? Display = null);

/// <summary>A dashboard (看板): saved insights as tiles in order, read over one date range.</summary>
/// <param name="Id">The dashboard's id.</param>
/// <param name="ProjectId">Its project.</param>
/// <param name="Name">Its name.</param>
/// <param name="Description">What it is for.</param>
/// <param name="DateRange">The range every tile is read over; null keeps each insight's own.</param>
/// <param name="Tiles">Its insights, in order.</param>
/// <param name="CreatedAt">When it was saved first.</param>
/// <param name="UpdatedAt">When it was changed last.</param>
public sealed record DashboardDefinition(
    Guid Id, Guid ProjectId, string Name, string? Description, DateRange? DateRange, IReadOnlyList<DashboardTile> Tiles, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One insight on a dashboard.</summary>
/// <param name="InsightId">The saved insight.</param>
/// <param name="Width">1 (half the width) or 2 (the whole width).</param>
public sealed record DashboardTile(Guid InsightId, int Width = 1);

/// <summary>What a client sends to save a dashboard.</summary>
/// <param name="Name">Its name (1–100 characters).</param>
/// <param name="Description">What it is for.</param>
/// <param name="DateRange">The range for every tile (the query API's date forms); null keeps each insight's own.</param>
/// <param name="Tiles">Its insights in order (absent keeps the tiles of an existing dashboard).</param>
public sealed record DashboardInput(string Name, string? Description = null, DateRange? DateRange = null, IReadOnlyList<DashboardTile>? Tiles = null);

/// <summary>An answer of the engine, with when it was computed and whether it came from the cache.</summary>
/// <param name="Result">The answer, as the query API writes it.</param>
/// <param name="ComputedAt">When the engine computed it.</param>
/// <param name="Cached">True when the answer was kept from an earlier request.</param>
/// <param name="Stale">True when it answers the question over earlier data because the answer over the newest data is still being computed.</param>
public sealed record CachedAnswer(AnalyticsResult Result, DateTimeOffset ComputedAt, bool Cached, bool Stale = false);

/// <summary>A saved insight with its answer.</summary>
/// <param name="Insight">The insight.</param>
/// <param name="Result">Its answer.</param>
/// <param name="ComputedAt">When the answer was computed.</param>
/// <param name="Cached">True when the answer was kept from an earlier request.</param>
/// <param name="Stale">True when it is over earlier data: the answer over the newest events is still being computed (ask again shortly).</param>
public sealed record InsightAnswer(InsightDefinition Insight, AnalyticsResult Result, DateTimeOffset ComputedAt, bool Cached, bool Stale);

/// <summary>One tile of a dashboard with its answer, or the reason it has none.</summary>
/// <param name="Tile">The tile.</param>
/// <param name="Insight">Its insight.</param>
/// <param name="Result">The answer over the dashboard's range; null when <paramref name="Error"/> says why not.</param>
/// <param name="Error">Why the insight could not be answered (its query no longer runs, say).</param>
/// <param name="ComputedAt">When the answer was computed.</param>
/// <param name="Cached">True when the answer came from the cache.</param>
/// <param name="Stale">True when it is over earlier data: the answer over the newest events is still being computed.</param>
public sealed record TileAnswer(DashboardTile Tile, InsightDefinition Insight, AnalyticsResult? Result, TileError? Error, DateTimeOffset? ComputedAt, bool Cached, bool Stale);

/// <summary>Why a tile has no answer: the engine's error code and message.</summary>
public sealed record TileError(string Code, string Message);

/// <summary>A dashboard with every tile's answer.</summary>
public sealed record DashboardAnswer(DashboardDefinition Dashboard, IReadOnlyList<TileAnswer> Tiles);

/// <summary>Saved insights and dashboards. The host implements it over its state store.</summary>
public interface IInsightStore
{
    Task<IReadOnlyList<InsightDefinition>> ListInsightsAsync(Guid projectId, CancellationToken cancellationToken);

    Task SaveInsightAsync(InsightDefinition insight, CancellationToken cancellationToken);

    /// <summary>False when there was no such insight. Its tiles go with it.</summary>
    Task<bool> DeleteInsightAsync(Guid projectId, Guid insightId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DashboardDefinition>> ListDashboardsAsync(Guid projectId, CancellationToken cancellationToken);

    /// <summary>Saves the dashboard and replaces its tiles with <see cref="DashboardDefinition.Tiles"/>.</summary>
    Task SaveDashboardAsync(DashboardDefinition dashboard, CancellationToken cancellationToken);

    /// <summary>False when there was no such dashboard.</summary>
    Task<bool> DeleteDashboardAsync(Guid projectId, Guid dashboardId, CancellationToken cancellationToken);
}
