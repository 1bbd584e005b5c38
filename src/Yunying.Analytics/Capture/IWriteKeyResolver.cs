namespace Yunying.Analytics.Capture;

/// <summary>Finds the project a public write key belongs to. The host implements it over the state store.</summary>
public interface IWriteKeyResolver
{
    /// <summary>The project id, or null when no project has this write key.</summary>
    Task<Guid?> ResolveAsync(string writeKey, CancellationToken cancellationToken);
}
