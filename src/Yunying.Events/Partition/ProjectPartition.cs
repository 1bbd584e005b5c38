using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using Yunying.Events.Reading;
using Yunying.Events.Storage;

namespace Yunying.Events.Partition;

/// <summary>
/// One project's events: a write-ahead log with one writer loop (group commit), the in-memory tail,
/// sealed segments and the dictionaries. Appenders encode their records on their own threads and queue
/// them; the loop coalesces whatever is queued into one gathered write and one fsync, applies the
/// records to the tail while the fsync runs, and publishes the tail and completes the callers once the
/// fsync returns. Sealing and forgetting hold <see cref="_maintenance"/> so they never interleave.
/// </summary>
internal sealed class ProjectPartition : IAsyncDisposable
{
    private const int MaxGroupBytes = 16 << 20;

    private readonly string _directory;
    private readonly EventStoreOptions _options;
    private readonly StringTables _tables = new();
    private readonly Channel<WriteRequest> _queue = Channel.CreateUnbounded<WriteRequest>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly SemaphoreSlim _maintenance = new(1, 1);
    private readonly Lock _stateGate = new();
    private readonly List<string> _closedWalFiles = [];
    private readonly RecentUuids _recent;
    private Memtable _memtable = new();
    private WalWriter? _wal;
    private long _nextSequence;
    private PartitionState _state;
    private Manifest _manifest = Manifest.Empty;
    private DictionaryCounts _persistedCounts;
    private Task _writer = Task.CompletedTask;
    private Exception? _failure;
    private int _sealScheduled;
    private Task _backgroundSeal = Task.CompletedTask;

    private ProjectPartition(Guid projectId, string directory, EventStoreOptions options)
    {
        ProjectId = projectId;
        _directory = directory;
        _options = options;
        _recent = new RecentUuids(options.DeduplicationWindow, options.TimeProvider);
        _state = new PartitionState([], null, _memtable.CreateView(), 0);
    }

    public Guid ProjectId { get; }

    /// <summary>Error from the last background seal, if it failed (the data stays safe in the log).</summary>
    public Exception? BackgroundSealError { get; private set; }

    /// <summary>Opens (recovering if needed) the partition in <paramref name="directory"/>.</summary>
    public static ProjectPartition Open(Guid projectId, string directory, EventStoreOptions options)
    {
        var partition = new ProjectPartition(projectId, directory, options);
        partition.Recover();
        partition._writer = Task.Run(partition.RunWriterAsync);
        return partition;
    }

    public async Task<AppendResult> AppendAsync(IReadOnlyList<EventRecord> batch, AppendOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfFailed();
        if (batch.Count == 0)
        {
            return default;
        }

        Validate(batch);

        var keep = _recent.Register(batch, (options & AppendOptions.SkipDuplicates) != 0, out var skipped);
        var count = keep?.Count ?? batch.Count;
        if (count == 0)
        {
            return new AppendResult(0, skipped, 0);
        }

        var request = Encode(batch, keep, count);
        Enqueue(request);
        var sequence = await request.Done.Task.ConfigureAwait(false);
        return new AppendResult(count, skipped, sequence);
    }

    public bool HasRecentUuid(Guid uuid) => _recent.Contains(uuid);

    /// <summary>The records as a span when the list is an array, a <see cref="List{T}"/> or an <see cref="ArraySegment{T}"/> (no interface call per record).</summary>
    internal static bool TryGetSpan(IReadOnlyList<EventRecord> batch, out ReadOnlySpan<EventRecord> span)
    {
        switch (batch)
        {
            case EventRecord[] array:
                span = array;
                return true;
            case List<EventRecord> list:
                span = CollectionsMarshal.AsSpan(list);
                return true;
            case ArraySegment<EventRecord> segment:
                span = segment.AsSpan();
                return true;
            default:
                span = default;
                return false;
        }
    }

    /// <summary>About the size of the records' log encoding (exact for ASCII names), so the buffer rarely grows and copies.</summary>
    private static int EstimateSize(ReadOnlySpan<EventRecord> records)
    {
        long bytes = 0;
        foreach (ref readonly var e in records)
        {
            bytes += 16 + 8 + 3 + e.Event.Length + 3 + e.DistinctId.Length + 5 + e.PropertiesJson.Length;
        }

        return (int)Math.Min(bytes, Array.MaxLength / 2);
    }

    /// <summary>Validates before uuids are reserved, so a rejected batch leaves no trace.</summary>
    private static void Validate(IReadOnlyList<EventRecord> batch)
    {
        if (TryGetSpan(batch, out var span))
        {
            for (var i = 0; i < span.Length; i++)
            {
                if (span[i].Event is null || span[i].DistinctId is null)
                {
                    throw new ArgumentException($"Record {i} has no event name or distinct id.", nameof(batch));
                }
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Event is null || batch[i].DistinctId is null)
            {
                throw new ArgumentException($"Record {i} has no event name or distinct id.", nameof(batch));
            }
        }
    }

    /// <summary>The batch's log record and its tokenized properties, built on the appender's thread.</summary>
    /// <remarks>
    /// Optimized from the first call, like the other per-event loops of the write path: a short load (the
    /// demo, the first batches after a start) would otherwise run much of its work in tier-0 code.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static WriteRequest Encode(IReadOnlyList<EventRecord> batch, List<int>? keep, int count)
    {
        var all = keep is null && TryGetSpan(batch, out var span) ? span : default;
        var record = new ByteBuffer(WalFormat.BodyOffset + 4 + (all.IsEmpty ? count * 160 : EstimateSize(all)));
        var tokens = new TokenizedBatch(count);
        try
        {
            record.GetSpan(WalFormat.BodyOffset);
            record.Advance(WalFormat.BodyOffset);
            record.WriteUInt32((uint)count);
            for (var i = 0; i < count; i++)
            {
                var e = !all.IsEmpty ? all[i] : batch[keep is null ? i : keep[i]];
                var properties = e.PropertiesJson.Span;
                record.WriteGuid(e.Uuid);
                record.WriteInt64(e.TimestampMicros);
                record.WriteString(e.Event);
                record.WriteString(e.DistinctId);
                record.WriteBytes(properties);
                tokens.Add(properties);
            }
        }
        catch
        {
            record.Dispose();
            tokens.Dispose();
            throw;
        }

        return new WriteRequest(WriteRequestKind.Events, record, tokens);
    }

    public ProjectSnapshot Snapshot()
    {
        var state = Volatile.Read(ref _state);
        var segments = new List<SegmentView>(state.Segments.Length + 2);
        segments.AddRange(state.Segments);
        if (state.Frozen is { RowCount: > 0 } frozen)
        {
            segments.Add(frozen);
        }

        if (state.Tail.RowCount > 0)
        {
            segments.Add(state.Tail);
        }

        // Counts are read after the state, so every id in the views is covered.
        return new ProjectSnapshot(
            ProjectId,
            state.Sequence,
            segments,
            new DictionaryView(_tables.Events, _tables.Events.Count),
            new DictionaryView(_tables.Distinct, _tables.Distinct.Count),
            new DictionaryView(_tables.Keys, _tables.Keys.Count),
            new DictionaryView(_tables.Values, _tables.Values.Count));
    }

    /// <summary>Seals the in-memory tail into a segment now.</summary>
    public async Task SealAsync(CancellationToken cancellationToken)
    {
        await _maintenance.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfFailed();
            var request = new WriteRequest(WriteRequestKind.Freeze);
            Enqueue(request);
            await request.Done.Task.ConfigureAwait(false);
            var frozen = request.Frozen!;
            await Task.Run(() => SealFrozen(frozen), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _maintenance.Release();
        }
    }

    /// <summary>Durably removes every event of the given distinct ids logged before this call.</summary>
    public async Task<int> ForgetAsync(IReadOnlyCollection<string> distinctIds, CancellationToken cancellationToken)
    {
        await _maintenance.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfFailed();
            var record = new ByteBuffer(WalFormat.BodyOffset + 4 + (distinctIds.Count * 32));
            record.GetSpan(WalFormat.BodyOffset);
            record.Advance(WalFormat.BodyOffset);
            record.WriteUInt32((uint)distinctIds.Count);
            foreach (var id in distinctIds)
            {
                record.WriteString(id);
            }

            var request = new WriteRequest(WriteRequestKind.Forget, record);
            Enqueue(request);
            await request.Done.Task.ConfigureAwait(false);
            var removed = request.RemovedFromTail;
            if (request.Ordinals!.Count > 0)
            {
                removed += await Task.Run(() => RewriteSegments(request.Ordinals), CancellationToken.None).ConfigureAwait(false);
            }

            return removed;
        }
        finally
        {
            _maintenance.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _backgroundSeal.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            BackgroundSealError = e;
        }

        var state = Volatile.Read(ref _state);
        if (_options.SealOnDispose && _failure is null && (state.Tail.RowCount > 0 || _closedWalFiles.Count > 0))
        {
            await SealAsync(CancellationToken.None).ConfigureAwait(false);
        }

        var stop = new WriteRequest(WriteRequestKind.Stop);
        if (_queue.Writer.TryWrite(stop))
        {
            await stop.Done.Task.ConfigureAwait(false);
        }

        await _writer.ConfigureAwait(false);
        _wal?.Dispose();
        _maintenance.Dispose();
    }

    private void Enqueue(WriteRequest request)
    {
        if (!_queue.Writer.TryWrite(request))
        {
            request.Record?.Dispose();
            request.ReleaseTokens();
            throw new ObjectDisposedException(nameof(EventStore), "The event store is closed.");
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new IOException($"Project {ProjectId:N} stopped accepting writes after a storage failure: {failure.Message}", failure);
        }
    }

    private async Task RunWriterAsync()
    {
        var reader = _queue.Reader;
        InFlightGroup? pending = null;
        while (pending is not null || await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var group = new List<WriteRequest>();
            WriteRequest? control = null;
            long bytes = 0;
            while (bytes < MaxGroupBytes && reader.TryRead(out var request))
            {
                if (request.Kind is WriteRequestKind.Freeze or WriteRequestKind.Stop)
                {
                    control = request;
                    break;
                }

                group.Add(request);
                bytes += request.Record!.Length;
            }

            if (group.Count > 0)
            {
                // A forget rebuilds the tail's arrays, so the group before it is published first.
                if (pending is not null && group.Exists(r => r.Kind == WriteRequestKind.Forget))
                {
                    await FinishAsync(pending).ConfigureAwait(false);
                    pending = null;
                }

                // Pipelining: this group is written, its fsync started and its records applied while
                // the previous group's fsync may still be running; groups still complete in order.
                var started = Start(group);
                if (pending is not null)
                {
                    await FinishAsync(pending).ConfigureAwait(false);
                }

                pending = started;
            }
            else if (pending is not null)
            {
                await FinishAsync(pending).ConfigureAwait(false);
                pending = null;
            }

            if (control is null)
            {
                continue;
            }

            if (pending is not null)
            {
                await FinishAsync(pending).ConfigureAwait(false);
                pending = null;
            }

            if (control.Kind == WriteRequestKind.Freeze)
            {
                Freeze(control);
            }
            else
            {
                _queue.Writer.TryComplete();
                while (reader.TryRead(out var late))
                {
                    late.Record?.Dispose();
                    late.ReleaseTokens();
                    late.Done.TrySetException(new ObjectDisposedException(nameof(EventStore), "The event store is closed."));
                }

                control.Done.TrySetResult(0);
                return;
            }
        }
    }

    /// <summary>Writes a group, starts its fsync and applies it to the tail (unpublished).</summary>
    private InFlightGroup? Start(List<WriteRequest> group)
    {
        var started = Stopwatch.GetTimestamp();
        var firstSequence = _nextSequence;
        try
        {
            if (_failure is not null)
            {
                throw _failure;
            }

            var records = new List<ReadOnlyMemory<byte>>(group.Count);
            foreach (var request in group)
            {
                var type = request.Kind == WriteRequestKind.Events ? WalFormat.EventsRecord : WalFormat.ForgetRecord;
                WalFormat.SealRecord(request.Record!.WrittenSpan, type, _nextSequence++);
                records.Add(request.Record.WrittenMemory);
            }

            var wal = _wal!;
            wal.Append(records);
            var flush = Task.Run(wal.Flush);
            var written = Stopwatch.GetTimestamp();
            foreach (var request in group)
            {
                Apply(request, request.Record!.WrittenMemory[WalFormat.BodyOffset..].Span);
                request.ReleaseTokens();
            }

            var applied = Stopwatch.GetTimestamp();
            WriterStatistics.AddWork(group.Count, Stopwatch.GetElapsedTime(started, written), Stopwatch.GetElapsedTime(written, applied));
            return new InFlightGroup(group, firstSequence, flush, _memtable.Count, _memtable.MinTimestamp, _memtable.MaxTimestamp);
        }
        catch (Exception e)
        {
            Fail(group, e);
            return null;
        }
    }

    /// <summary>Waits for a group's fsync, then publishes its rows and acknowledges its callers.</summary>
    private async Task FinishAsync(InFlightGroup? inFlight)
    {
        if (inFlight is null)
        {
            return;
        }

        var group = inFlight.Requests;
        try
        {
            var waitStarted = Stopwatch.GetTimestamp();
            await inFlight.Flush.ConfigureAwait(false);
            WriterStatistics.AddFlushWait(Stopwatch.GetElapsedTime(waitStarted));
            if (_failure is not null)
            {
                throw _failure;
            }

            var lastSequence = inFlight.FirstSequence + group.Count - 1;
            _memtable.LastSequence = lastSequence;
            var view = _memtable.CreateView(inFlight.RowCount, inFlight.MinTimestamp, inFlight.MaxTimestamp);
            lock (_stateGate)
            {
                _state = _state with { Tail = view, Sequence = lastSequence };
            }

            for (var i = 0; i < group.Count; i++)
            {
                group[i].Record!.Dispose();
                group[i].Done.TrySetResult(inFlight.FirstSequence + i);
            }
        }
        catch (Exception e)
        {
            Fail(group, e);
            return;
        }

        if (_memtable.Count >= _options.SealThreshold && Interlocked.CompareExchange(ref _sealScheduled, 1, 0) == 0)
        {
            _backgroundSeal = Task.Run(SealInBackgroundAsync);
        }
    }

    private void Fail(List<WriteRequest> group, Exception e)
    {
        // After a failed write or fsync the log's state is unknown: stop taking writes (records
        // acknowledged earlier are safe; reopening the store recovers them).
        _failure ??= e;
        foreach (var request in group)
        {
            request.Record!.Dispose();
            request.ReleaseTokens();
            request.Done.TrySetException(new IOException($"Write to the event log failed: {e.Message}", e));
        }
    }

    private async Task SealInBackgroundAsync()
    {
        try
        {
            await SealAsync(CancellationToken.None).ConfigureAwait(false);
            BackgroundSealError = null;
        }
        catch (Exception e)
        {
            BackgroundSealError = e;
        }
        finally
        {
            Volatile.Write(ref _sealScheduled, 0);
        }
    }

    private void Apply(WriteRequest request, ReadOnlySpan<byte> body)
    {
        if (request.Kind == WriteRequestKind.Events)
        {
            _memtable.ApplyEvents(body, _tables, request.Tokens);
            return;
        }

        request.Ordinals = ResolveForgotten(body);
        request.RemovedFromTail = _memtable.RemoveDistinct(request.Ordinals);
    }

    private HashSet<int> ResolveForgotten(ReadOnlySpan<byte> body)
    {
        var reader = new ByteReader(body);
        var count = reader.ReadUInt32();
        var ordinals = new HashSet<int>();
        for (var i = 0; i < count; i++)
        {
            var id = Encoding.UTF8.GetString(reader.ReadBytes());
            if (_tables.Distinct.TryGetIdUnlocked(id, out var ordinal))
            {
                ordinals.Add(ordinal);
            }
        }

        return ordinals;
    }

    private void Freeze(WriteRequest request)
    {
        try
        {
            if (_failure is not null)
            {
                throw _failure;
            }

            var view = _memtable.CreateView();
            var lastSequence = _nextSequence - 1;
            var closed = new List<string>(_closedWalFiles);
            if (_wal!.Length > WalFormat.FileHeaderSize)
            {
                // Records in the current file are all in the frozen tail: start a new file for what follows.
                closed.Add(_wal.Path);
                _wal.Dispose();
                _wal = WalWriter.Create(_directory, _nextSequence);
            }

            _closedWalFiles.Clear();
            _memtable = new Memtable(expectedRows: view.RowCount + (view.RowCount / 8)) { LastSequence = lastSequence };
            lock (_stateGate)
            {
                _state = _state with { Frozen = view, Tail = _memtable.CreateView() };
            }

            request.Frozen = new FrozenTail(view, lastSequence, _tables.Counts(), closed);
            request.Done.TrySetResult(lastSequence);
        }
        catch (Exception e)
        {
            _failure ??= e;
            request.Done.TrySetException(e);
        }
    }

    /// <summary>Writes the frozen tail as a segment and publishes it (maintenance lock held).</summary>
    private void SealFrozen(FrozenTail frozen)
    {
        var segmentIds = new List<long>(_manifest.SegmentIds);
        var nextId = _manifest.NextSegmentId;
        SegmentView? sealedView = null;
        if (frozen.View.RowCount > 0)
        {
            var order = SegmentWriter.SortOrder(frozen.View);
            var path = Path.Combine(_directory, SegmentFormat.FileName(nextId));
            SegmentWriter.WriteFile(path, frozen.View, order, nextId, sorted: true);
            sealedView = SegmentReader.MapWritten(path);
            segmentIds.Add(nextId);
            nextId++;
        }

        var dictionaryLength = DictionaryFile.Append(_directory, _manifest.DictionaryLength, _tables, _persistedCounts, frozen.Counts);
        DurableFiles.FlushDirectory(_directory);
        var manifest = new Manifest(frozen.LastSequence, nextId, dictionaryLength, segmentIds);
        manifest.Save(_directory);
        _manifest = manifest;
        _persistedCounts = frozen.Counts;
        lock (_stateGate)
        {
            var segments = sealedView is null ? _state.Segments : [.. _state.Segments, sealedView];
            _state = _state with { Segments = segments, Frozen = null };
        }

        foreach (var file in frozen.ClosedWalFiles)
        {
            File.Delete(file);
        }
    }

    /// <summary>Rewrites the sealed segments holding rows of <paramref name="ordinals"/> without them (maintenance lock held).</summary>
    private int RewriteSegments(HashSet<int> ordinals)
    {
        var current = Volatile.Read(ref _state).Segments;
        var replacement = new List<SegmentView>(current.Length);
        var obsolete = new List<string>();
        var nextId = _manifest.NextSegmentId;
        var removed = 0;
        foreach (var segment in current)
        {
            var distinct = segment.DistinctOrdinals;
            var keep = new List<int>();
            for (var i = 0; i < distinct.Length; i++)
            {
                if (!ordinals.Contains(distinct[i]))
                {
                    keep.Add(i);
                }
            }

            if (keep.Count == segment.RowCount)
            {
                replacement.Add(segment);
                continue;
            }

            removed += segment.RowCount - keep.Count;
            obsolete.Add(Path.Combine(_directory, SegmentFormat.FileName(segment.SegmentId)));
            if (keep.Count > 0)
            {
                var path = Path.Combine(_directory, SegmentFormat.FileName(nextId));
                SegmentWriter.WriteFile(path, segment, CollectionsMarshal.AsSpan(keep), nextId, sorted: true);
                replacement.Add(SegmentReader.MapWritten(path));
                nextId++;
            }
        }

        if (removed == 0)
        {
            return 0;
        }

        DurableFiles.FlushDirectory(_directory);
        var manifest = _manifest with { NextSegmentId = nextId, SegmentIds = [.. replacement.Select(s => s.SegmentId)] };
        manifest.Save(_directory);
        _manifest = manifest;
        lock (_stateGate)
        {
            _state = _state with { Segments = [.. replacement] };
        }

        foreach (var file in obsolete)
        {
            File.Delete(file);
        }

        return removed;
    }

    private void Recover()
    {
        Directory.CreateDirectory(_directory);
        File.Delete(Path.Combine(_directory, Manifest.FileName + ".tmp"));
        _manifest = Manifest.Load(_directory);
        DictionaryFile.Load(_directory, _manifest.DictionaryLength, _tables);
        _persistedCounts = _tables.Counts();

        var live = new HashSet<string>(_manifest.SegmentIds.Select(SegmentFormat.FileName));
        var segments = new List<SegmentView>();
        foreach (var id in _manifest.SegmentIds)
        {
            var path = Path.Combine(_directory, SegmentFormat.FileName(id));
            segments.Add(SegmentReader.Read(path));

            // Every row of a segment arrived no later than the segment was written.
            _recent.Remember(segments[^1].Uuids, EventRecord.ToMicros(new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero)));
        }

        foreach (var path in Directory.EnumerateFiles(_directory, "seg-*.yseg"))
        {
            if (!live.Contains(Path.GetFileName(path)))
            {
                // Written by a seal or forget that crashed before publishing its manifest.
                File.Delete(path);
            }
        }

        var forgotten = new HashSet<int>();
        _nextSequence = _manifest.SealedThroughSequence + 1;
        var walFiles = Directory.EnumerateFiles(_directory, "wal-*.ywal")
            .Select(path => (Path: path, Ok: WalFormat.TryParseFileName(Path.GetFileName(path), out var first), First: first))
            .Where(f => f.Ok)
            .OrderBy(f => f.First)
            .ToList();
        for (var i = 0; i < walFiles.Count; i++)
        {
            var path = walFiles[i].Path;
            var last = i == walFiles.Count - 1;
            if (last && new FileInfo(path).Length < WalFormat.FileHeaderSize)
            {
                File.Delete(path); // created but its header never reached the disk
                continue;
            }

            var file = WalFile.Read(path);
            if (file.HasTornTail)
            {
                if (!last)
                {
                    throw new EventStoreFormatException(
                        $"Write-ahead log '{path}' is corrupt at byte {file.ValidLength}, and it is not the newest log file.");
                }

                DurableFiles.Truncate(path, file.ValidLength);
            }

            foreach (var record in file.Records)
            {
                if (record.Sequence <= _manifest.SealedThroughSequence)
                {
                    continue;
                }

                if (record.Sequence != _nextSequence)
                {
                    throw new EventStoreFormatException(
                        $"Write-ahead log '{path}' starts at record {record.Sequence} but record {_nextSequence} was expected.");
                }

                if (record.Type == WalFormat.EventsRecord)
                {
                    _memtable.ApplyEvents(record.Body.Span, _tables);
                }
                else
                {
                    var ordinals = ResolveForgotten(record.Body.Span);
                    _memtable.RemoveDistinct(ordinals);
                    forgotten.UnionWith(ordinals);
                }

                _memtable.LastSequence = record.Sequence;
                _nextSequence++;
            }

            if (file.Records.Count == 0)
            {
                File.Delete(path);
            }
            else
            {
                _closedWalFiles.Add(path);
            }
        }

        _state = new PartitionState([.. segments], null, _memtable.CreateView(), _nextSequence - 1);
        if (forgotten.Count > 0)
        {
            // A forget that was logged but whose segment rewrite had not been published.
            RewriteSegments(forgotten);
        }

        _wal = WalWriter.Create(_directory, _nextSequence);

        // The replayed log arrived no later than now.
        _recent.Remember(_memtable.CreateView().Uuids, EventRecord.ToMicros(_options.TimeProvider.GetUtcNow()));
    }
}
