using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using Yunying.Events.Partition;
using Yunying.Events.Reading;

namespace Yunying.Events;

/// <summary>
/// The embedded, durable, columnar event store: one per data directory (files under
/// <c>{dataDirectory}/events/{projectId:N}/</c>), one lazily opened partition per project.
/// Thread-safe: any number of concurrent appenders and readers.
/// </summary>
/// <remarks>
/// <para>Durability: <see cref="AppendAsync(Guid, IReadOnlyList{EventRecord}, AppendOptions, CancellationToken)"/>
/// completes only after the batch is in the project's write-ahead log and fsync'ed. Concurrent appends
/// to a project are group-committed (one write and one fsync for all that are queued).</para>
/// <para>Reads: <see cref="GetSnapshotAsync"/> returns an immutable <see cref="ProjectSnapshot"/> of the
/// sealed segments plus the in-memory tail; an appended batch is visible to snapshots taken after its
/// append completed.</para>
/// </remarks>
public sealed class EventStore : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<ProjectPartition>>> _partitions = new();
    private readonly EventStoreOptions _options;
    private readonly SafeFileHandle _lock;
    private volatile bool _disposed;

    private EventStore(string rootDirectory, EventStoreOptions options, SafeFileHandle lockHandle)
    {
        RootDirectory = rootDirectory;
        _options = options;
        _lock = lockHandle;
    }

    /// <summary>The folder holding the project partitions (<c>{dataDirectory}/events</c>).</summary>
    public string RootDirectory { get; }

    /// <summary>Opens (creating if needed) the store of a data directory. Partitions open on first use.</summary>
    public static EventStore Open(string dataDirectory, EventStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var root = Path.Combine(Path.GetFullPath(dataDirectory), "events");
        Directory.CreateDirectory(root);

        // Two processes appending to one store would each start their own log files; an exclusive lock
        // held for the store's lifetime (released by the OS even when the process is killed) prevents it.
        SafeFileHandle lockHandle;
        try
        {
            lockHandle = File.OpenHandle(Path.Combine(root, "LOCK"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"The event store in '{root}' is in use by another process; stop the Yunying server using this data directory first.", e);
        }

        return new EventStore(root, options ?? new EventStoreOptions(), lockHandle);
    }

    /// <summary>Projects that have a partition with files on disk.</summary>
    public IReadOnlyList<Guid> ListProjects() =>
        [.. Directory.EnumerateDirectories(RootDirectory)
            .Where(d => Directory.EnumerateFileSystemEntries(d).Any())
            .Select(d => Guid.TryParseExact(Path.GetFileName(d), "N", out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty)
            .Order()];

    /// <summary>Appends a batch durably; see <see cref="AppendAsync(Guid, IReadOnlyList{EventRecord}, AppendOptions, CancellationToken)"/>.</summary>
    public Task<AppendResult> AppendAsync(Guid projectId, IReadOnlyList<EventRecord> batch, CancellationToken cancellationToken = default) =>
        AppendAsync(projectId, batch, AppendOptions.None, cancellationToken);

    /// <summary>
    /// Appends a batch to a project. Completes once every appended record is written to the project's
    /// write-ahead log and fsync'ed (and visible to new snapshots). Cancellation is honoured only before
    /// the batch is queued; once queued, the call waits for the outcome so that "acknowledged" always
    /// means "durable".
    /// </summary>
    public async Task<AppendResult> AppendAsync(Guid projectId, IReadOnlyList<EventRecord> batch, AppendOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var partition = await PartitionAsync(projectId, cancellationToken).ConfigureAwait(false);
        return await partition.AppendAsync(batch, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether an event with this uuid and a timestamp inside the de-duplication window was appended to the project.</summary>
    public async Task<bool> HasRecentUuidAsync(Guid projectId, Guid uuid, CancellationToken cancellationToken = default)
    {
        var partition = await PartitionAsync(projectId, cancellationToken).ConfigureAwait(false);
        return partition.HasRecentUuid(uuid);
    }

    /// <summary>A consistent snapshot of the project's events (empty for a project with none).</summary>
    public async Task<ProjectSnapshot> GetSnapshotAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        var partition = await PartitionAsync(projectId, cancellationToken).ConfigureAwait(false);
        return partition.Snapshot();
    }

    /// <summary>
    /// Removes every event of the given distinct ids appended before this call, durably: a tombstone goes
    /// to the write-ahead log first (so recovery re-applies it), then the in-memory tail and the affected
    /// segments are rewritten. Events appended later for the same ids are kept. Returns the rows removed.
    /// The ids stay in the distinct-id dictionary (ordinals never change); the rows are gone.
    /// </summary>
    public async Task<int> ForgetAsync(Guid projectId, IReadOnlyCollection<string> distinctIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(distinctIds);
        if (distinctIds.Count == 0)
        {
            return 0;
        }

        var partition = await PartitionAsync(projectId, cancellationToken).ConfigureAwait(false);
        return await partition.ForgetAsync(distinctIds, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Seals the project's in-memory tail into a segment now (and drops the log it came from).</summary>
    public async Task FlushAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        var partition = await PartitionAsync(projectId, cancellationToken).ConfigureAwait(false);
        await partition.SealAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every event of the project in row form, for export: segment by segment (oldest first, then the
    /// in-memory tail), in timestamp order within each.
    /// </summary>
    public async IAsyncEnumerable<ExportedEvent> ReadAllAsync(Guid projectId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var snapshot = await GetSnapshotAsync(projectId, cancellationToken).ConfigureAwait(false);
        var formatter = new RowFormatter(snapshot);
        foreach (var segment in snapshot.Segments)
        {
            foreach (var row in RowFormatter.TimeOrder(segment))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return formatter.Format(segment, row);
            }
        }
    }

    /// <summary>Closes every open partition (sealing the tails when <see cref="EventStoreOptions.SealOnDispose"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var (_, lazy) in _partitions)
        {
            ProjectPartition partition;
            try
            {
                partition = await lazy.Value.ConfigureAwait(false);
            }
            catch (IOException)
            {
                continue; // failed to open: nothing to close
            }

            await partition.DisposeAsync().ConfigureAwait(false);
        }

        _partitions.Clear();
        _lock.Dispose();
    }

    private async Task<ProjectPartition> PartitionAsync(Guid projectId, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var lazy = _partitions.GetOrAdd(projectId, id => new Lazy<Task<ProjectPartition>>(
            () => Task.Run(() => ProjectPartition.Open(id, Path.Combine(RootDirectory, id.ToString("N")), _options))));
        try
        {
            return await lazy.Value.ConfigureAwait(false);
        }
        catch
        {
            _partitions.TryRemove(KeyValuePair.Create(projectId, lazy));
            throw;
        }
    }
}
