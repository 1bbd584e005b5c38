using System.Runtime.CompilerServices;

namespace Yunying.Events.Partition;

/// <summary>
/// Uuids a project received inside the de-duplication window, for <see cref="AppendOptions.SkipDuplicates"/>.
/// The window runs on <em>arrival</em> time, not on the event's own timestamp: an SDK that was offline for a
/// week and retries a week-old event must still be recognised. Rows do not store their arrival time, so
/// recovery remembers the replayed log as arriving at recovery and a sealed segment as arriving when its
/// file was written — never later than the truth, so nothing is forgotten early.
/// </summary>
/// <remarks>
/// Every uuid of the window is kept, whole, so a duplicate is never guessed. The table is open addressing
/// with linear probing over one array of slots, each a uuid (16 bytes, the all-zero uuid marking a free slot)
/// beside its arrival in whole seconds (4 bytes, rounded up, so an entry is never forgotten before its time),
/// so a probe touches one cache line, not one in each of two arrays; at most three quarters full: 20 bytes a slot, 27–53 bytes a uuid, where a <c>Dictionary&lt;Guid, long&gt;</c>
/// took 36 bytes a slot and up to 72 a uuid. Expired entries go when the table would grow: it is rebuilt
/// with the live ones only, at the size they need. Slots come from the per-process seeded
/// <see cref="RandomizedGuidComparer"/> hash, so crafted uuids cannot line up in one probe run.
/// </remarks>
internal sealed class RecentUuids
{
    private const int MinimumCapacity = 1 << 16;

    private readonly TimeSpan _window;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();

    // Arrival seconds are stored relative to this, so they fit an int for 68 years.
    private readonly long _epochSeconds;

    private Entry[] _slots = [];
    private int _mask;
    private int _count;
    private int _growAt;

    // The all-zero uuid marks free slots, so its own arrival (if it ever arrives) is kept aside.
    private bool _hasZero;
    private int _zeroArrived;

    public RecentUuids(TimeSpan window, TimeProvider clock)
    {
        _window = window;
        _clock = clock;
        _epochSeconds = clock.GetUtcNow().ToUnixTimeSeconds() - (long)Math.Ceiling(window.TotalSeconds) - 1;
        Allocate(MinimumCapacity);
    }

    /// <summary>Uuids held, expired ones not yet dropped included.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count + (_hasZero ? 1 : 0);
            }
        }
    }

    /// <summary>Arrivals before this (UTC microseconds) are outside the window.</summary>
    public long Cutoff => EventRecord.ToMicros(_clock.GetUtcNow() - _window);

    /// <summary>
    /// Records the batch's uuids as arriving now. With <paramref name="skipDuplicates"/>, returns the indexes
    /// of the records to keep when some are duplicates (null when all are kept). Reserving here, before the
    /// write, makes two concurrent batches carrying the same uuid keep it once.
    /// </summary>
    public List<int>? Register(IReadOnlyList<EventRecord> batch, bool skipDuplicates, out int skipped)
    {
        skipped = 0;
        List<int>? keep = null;
        var now = ArrivalSeconds(EventRecord.ToMicros(_clock.GetUtcNow()));
        var cutoff = CutoffSeconds();
        lock (_gate)
        {
            var records = ProjectPartition.TryGetSpan(batch, out var span) ? span : default;
            for (var i = 0; i < batch.Count; i++)
            {
                // One probe run per uuid: find or add the slot, then decide through the reference.
                ref var arrived = ref FindOrAdd(records.IsEmpty ? batch[i].Uuid : records[i].Uuid, out var exists);
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
        }

        return keep;
    }

    public bool Contains(Guid uuid)
    {
        var cutoff = CutoffSeconds();
        lock (_gate)
        {
            if (uuid == Guid.Empty)
            {
                return _hasZero && _zeroArrived >= cutoff;
            }

            for (var slot = Slot(uuid); ; slot = (slot + 1) & _mask)
            {
                ref readonly var entry = ref _slots[slot];
                var held = entry.Uuid;
                if (held == uuid)
                {
                    return entry.Arrived >= cutoff;
                }

                if (held == Guid.Empty)
                {
                    return false;
                }
            }
        }
    }

    /// <summary>Recovery: remembers uuids of rows already stored, as arriving at <paramref name="arrivedMicros"/>.</summary>
    public void Remember(ReadOnlySpan<Guid> uuids, long arrivedMicros)
    {
        if (arrivedMicros < Cutoff)
        {
            return;
        }

        var arrival = ArrivalSeconds(arrivedMicros);
        lock (_gate)
        {
            foreach (var uuid in uuids)
            {
                ref var arrived = ref FindOrAdd(uuid, out var exists);
                if (!exists)
                {
                    arrived = arrival;
                }
            }
        }
    }

    /// <summary>The arrival slot of <paramref name="uuid"/>, added (with arrival 0) when absent; lock held.</summary>
    private ref int FindOrAdd(Guid uuid, out bool exists)
    {
        if (uuid == Guid.Empty)
        {
            exists = _hasZero;
            _hasZero = true;
            return ref _zeroArrived;
        }

        for (var slot = Slot(uuid); ; slot = (slot + 1) & _mask)
        {
            ref var entry = ref _slots[slot];
            var held = entry.Uuid;
            if (held == uuid)
            {
                exists = true;
                return ref entry.Arrived;
            }

            if (held == Guid.Empty)
            {
                if (_count >= _growAt)
                {
                    Rebuild();
                    return ref FindOrAdd(uuid, out exists);
                }

                entry.Uuid = uuid;
                entry.Arrived = 0;
                _count++;
                exists = false;
                return ref entry.Arrived;
            }
        }
    }

    /// <summary>Drops expired entries and sizes the table for the rest (at most half full afterwards); lock held.</summary>
    private void Rebuild()
    {
        var cutoff = CutoffSeconds();
        var live = 0;
        foreach (ref readonly var entry in _slots.AsSpan())
        {
            if (entry.Uuid != Guid.Empty && entry.Arrived >= cutoff)
            {
                live++;
            }
        }

        var capacity = MinimumCapacity;
        while (capacity < live * 2L)
        {
            capacity <<= 1;
        }

        var old = _slots;
        Allocate(capacity);
        foreach (ref readonly var entry in old.AsSpan())
        {
            if (entry.Uuid == Guid.Empty || entry.Arrived < cutoff)
            {
                continue;
            }

            var slot = Slot(entry.Uuid);
            while (_slots[slot].Uuid != Guid.Empty)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = entry;
            _count++;
        }
    }

    private void Allocate(int capacity)
    {
        _slots = new Entry[capacity];
        _mask = capacity - 1;
        _count = 0;
        _growAt = capacity / 4 * 3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(Guid uuid) => RandomizedGuidComparer.Instance.GetHashCode(uuid) & _mask;

    /// <summary>Whole seconds since the epoch, rounded up: an arrival is never recorded earlier than it was.</summary>
    private int ArrivalSeconds(long micros) => Clamp(Math.DivRem(micros, 1_000_000, out var rest) + (rest > 0 ? 1 : 0) - _epochSeconds);

    /// <summary>The window's start in whole seconds, rounded down: an entry is never dropped before its time.</summary>
    private int CutoffSeconds() => Clamp((long)Math.Floor(Cutoff / 1_000_000d) - _epochSeconds);

    private static int Clamp(long seconds) => (int)Math.Clamp(seconds, int.MinValue + 1, int.MaxValue);

    /// <summary>One slot: a uuid (empty when free) and its arrival second; 20 bytes.</summary>
    private struct Entry
    {
        public Guid Uuid;
        public int Arrived;
    }
}
