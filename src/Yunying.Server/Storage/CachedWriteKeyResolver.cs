using System.Collections.Concurrent;
using Yunying.Analytics.Capture;
using Yunying.Data.Tenancy;

namespace Yunying.Server.Storage;

/// <summary>
/// Write key → project for capture, over the state store with a short in-memory cache: every capture
/// request carries a key, and a database round trip per request would dominate ingest. A rotated key
/// keeps working on a node for at most <see cref="KnownFor"/>; an unknown key is asked again after
/// <see cref="UnknownFor"/>, so a new project's key works within seconds.
/// </summary>
public sealed class CachedWriteKeyResolver(IServiceScopeFactory scopes, TimeProvider clock) : IWriteKeyResolver
{
    public static readonly TimeSpan KnownFor = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan UnknownFor = TimeSpan.FromSeconds(5);

    // Random keys from the internet must not grow the cache without bound.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (Guid? ProjectId, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async Task<Guid?> ResolveAsync(string writeKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(writeKey, out var hit) && hit.Until > now)
        {
            return hit.ProjectId;
        }

        await using var scope = scopes.CreateAsyncScope();
        var project = await scope.ServiceProvider.GetRequiredService<ProjectService>().FindByWriteKeyAsync(writeKey, cancellationToken);
        var projectId = project?.Id;
        if (_cache.Count >= MaxEntries)
        {
            _cache.Clear();
        }

        _cache[writeKey] = (projectId, now + (projectId is null ? UnknownFor : KnownFor));
        return projectId;
    }
}
