namespace Yunying.Events;

/// <summary>Options for <see cref="EventStore.AppendAsync(Guid, IReadOnlyList{EventRecord}, AppendOptions, CancellationToken)"/>.</summary>
[Flags]
public enum AppendOptions
{
    /// <summary>Append every record.</summary>
    None = 0,

    /// <summary>
    /// Skip records whose uuid was already appended to this project with an event timestamp inside the
    /// de-duplication window (<see cref="EventStoreOptions.DeduplicationWindow"/>, 24 hours by default),
    /// including duplicates within the same batch. The count skipped is reported in <see cref="AppendResult"/>.
    /// </summary>
    SkipDuplicates = 1,
}
