using System.Runtime.InteropServices;

namespace Yunying.Events.Partition;

/// <summary>
/// Uuids a project received inside the de-duplication window, for <see cref="AppendOptions.SkipDuplicates"/>.
/// The window runs on <em>arrival</em> time, not on the event's own timestamp: an SDK that was offline for a
/// week and retries a week-old event must still be recognised. Rows do not store their arrival time, so
/// recovery remembers the replayed log as arriving at recovery and a sealed segment as arriving when its
/// file was written — never later than the truth, so nothing is forgotten early.
/// </summary>
internal sealed class RecentUuids(TimeSpan window, TimeProvider clock)
{
    private readonly Dictionary<Guid, long> _arrived = new(RandomizedGuidComparer.Instance);
    private readonly Lock _gate = new();
    private int _pruneAt = 1 << 16;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _arrived.Count;
            }
        }
    }

    /// <summary>Arrivals before this (UTC microseconds) are outside the window.</summary>
    public long Cutoff => EventRecord.ToMicros(clock.GetUtcNow() - window);

    /// <summary>
    /// Records the batch's uuids as arriving now. With <paramref name="skipDuplicates"/>, returns the indexes
    /// of the records to keep when some are duplicates (null when all are kept). Reserving here, before the
    /// write, makes two concurrent batches carrying the same uuid keep it once.
    /// </summary>
    public List<int>? Register(IReadOnlyList<EventRecord> batch, bool skipDuplicates, out int skipped)
    {
        skipped = 0;
        List<int>? keep = null;
        var now = EventRecord.ToMicros(clock.GetUtcNow());
        var cutoff = Cutoff;
        lock (_gate)
        {
            var records = ProjectPartition.TryGetSpan(batch, out var span) ? span : default;
            for (var i = 0; i < batch.Count; i++)
            {
                // One hash lookup per uuid: find or add the entry, then decide through the reference. (This loop
                // is left to tiered compilation: optimized without profile data it ran twice as slow.)
                ref var arrived = ref CollectionsMarshal.GetValueRefOrAddDefault(_arrived, records.IsEmpty ? batch[i].Uuid : records[i].Uuid, out var exists);
                var seenInWindow = exists && arrived >= cutoff;
                if (!seenInWindow || !skipDuplicates)
                {
                    arrived = now;
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

            if (_arrived.Count >= _pruneAt)
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
            return _arrived.TryGetValue(uuid, out var arrived) && arrived >= Cutoff;
        }
    }

    /// <summary>Recovery: remembers uuids of rows already stored, as arriving at <paramref name="arrivedMicros"/>.</summary>
    public void Remember(ReadOnlySpan<Guid> uuids, long arrivedMicros)
    {
        if (arrivedMicros < Cutoff)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var uuid in uuids)
            {
                _arrived.TryAdd(uuid, arrivedMicros);
            }
        }
    }

    private void Prune(long cutoff)
    {
        foreach (var (uuid, arrived) in _arrived)
        {
            if (arrived < cutoff)
            {
                _arrived.Remove(uuid);
            }
        }

        _pruneAt = Math.Max(1 << 16, _arrived.Count * 2);
    }
}
