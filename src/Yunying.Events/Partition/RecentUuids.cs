namespace Yunying.Events.Partition;

/// <summary>
/// Uuids of a project's events whose timestamps fall inside the de-duplication window, for
/// <see cref="AppendOptions.SkipDuplicates"/>. Rebuilt on open from the segments and the replayed log.
/// </summary>
internal sealed class RecentUuids(TimeSpan window, TimeProvider clock)
{
    private readonly Dictionary<Guid, long> _seen = [];
    private readonly Lock _gate = new();
    private int _pruneAt = 1 << 16;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _seen.Count;
            }
        }
    }

    public long Cutoff => EventRecord.ToMicros(clock.GetUtcNow() - window);

    /// <summary>
    /// Records the batch's recent uuids. With <paramref name="skipDuplicates"/>, returns the indexes of the
    /// records to keep when some are duplicates (null when all are kept). Reserving here, before the write,
    /// makes two concurrent batches carrying the same uuid keep it once.
    /// </summary>
    public List<int>? Register(IReadOnlyList<EventRecord> batch, bool skipDuplicates, out int skipped)
    {
        skipped = 0;
        List<int>? keep = null;
        var cutoff = Cutoff;
        lock (_gate)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var record = batch[i];
                if (record.TimestampMicros < cutoff)
                {
                    keep?.Add(i);
                    continue;
                }

                if (_seen.TryAdd(record.Uuid, record.TimestampMicros) || !skipDuplicates)
                {
                    keep?.Add(i);
                    continue;
                }

                if (keep is null)
                {
                    keep = new List<int>(batch.Count);
                    for (var k = 0; k < i; k++)
                    {
                        keep.Add(k);
                    }
                }

                skipped++;
            }

            if (_seen.Count >= _pruneAt)
            {
                Prune(cutoff);
            }
        }

        return keep;
    }

    public bool Contains(Guid uuid)
    {
        lock (_gate)
        {
            return _seen.TryGetValue(uuid, out var timestamp) && timestamp >= Cutoff;
        }
    }

    /// <summary>Recovery: remembers uuids of rows already stored.</summary>
    public void Remember(ReadOnlySpan<Guid> uuids, ReadOnlySpan<long> timestamps, long cutoff)
    {
        lock (_gate)
        {
            for (var i = 0; i < uuids.Length; i++)
            {
                if (timestamps[i] >= cutoff)
                {
                    _seen.TryAdd(uuids[i], timestamps[i]);
                }
            }
        }
    }

    private void Prune(long cutoff)
    {
        foreach (var (uuid, timestamp) in _seen)
        {
            if (timestamp < cutoff)
            {
                _seen.Remove(uuid);
            }
        }

        _pruneAt = Math.Max(1 << 16, _seen.Count * 2);
    }
}
