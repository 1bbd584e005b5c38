namespace Yunying.Events;

/// <summary>Tuning for an <see cref="EventStore"/>. The defaults suit a server.</summary>
public sealed record EventStoreOptions
{
    /// <summary>Rows in the in-memory tail after which it is sealed into a segment in the background. Default 1,000,000.</summary>
    public int SealThreshold { get; init; } = 1_000_000;

    /// <summary>Seal the in-memory tail when the store is disposed, so the next open replays nothing. Default true.</summary>
    public bool SealOnDispose { get; init; } = true;

    /// <summary>How long (by arrival time, on <see cref="TimeProvider"/>) uuids are remembered for de-duplication. Default 24 hours.</summary>
    public TimeSpan DeduplicationWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The clock used for the de-duplication window.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
