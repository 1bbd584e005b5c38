namespace Yunying.Events;

/// <summary>Options for <see cref="EventStore.AppendAsync(Guid, IReadOnlyList{EventRecord}, AppendOptions, CancellationToken)"/>.</summary>
[Flags]
public enum AppendOptions
{
    /// <summary>Append every record.</summary>
    None = 0,

    /// <summary>
    /// Skip records whose uuid this project already received within the de-duplication window
    /// (<see cref="EventStoreOptions.DeduplicationWindow"/>, 24 hours by default) of <em>arrival</em> time,
    /// whatever the event's own timestamp, including duplicates within the same batch. The count skipped is
    /// reported in <see cref="AppendResult"/>.
    /// </summary>
    SkipDuplicates = 1,
}
