using System.Runtime.CompilerServices;
using Yunying.Events.Reading;
using Yunying.Events.Storage;

namespace Yunying.Events.Partition;

/// <summary>
/// The in-memory tail of a partition, kept as growing columns in arrival order. Only the writer loop
/// (or recovery) mutates it; readers get immutable <see cref="SegmentView"/>s of a prefix via
/// <see cref="CreateView()"/> (growing replaces arrays rather than changing rows a view can see).
/// </summary>
internal sealed class Memtable
{
    private readonly Dictionary<int, PropertyBuilder> _properties = [];
    private long[] _timestamps;
    private int[] _distinct;
    private int[] _events;
    private Guid[] _uuids;
    private readonly TokenizedBatch _replayTokens = new();
    private readonly InternCache _lastEvent = new(slots: 16);
    private readonly InternCache _lastDistinct = new();

    // The property keys of the previous event, by position: objects of one kind repeat their keys in order.
    private KeySlot[] _keySlots = [];
    private long _minTimestamp = long.MaxValue;
    private long _maxTimestamp = long.MinValue;

    /// <summary>Rows to grow to at the first growth: a tail that replaces a sealed one will likely fill up as far.</summary>
    private readonly int _expectedRows;

    public Memtable(int capacity = 4096, int expectedRows = 0)
    {
        _expectedRows = expectedRows;
        _timestamps = new long[capacity];
        _distinct = new int[capacity];
        _events = new int[capacity];
        _uuids = new Guid[capacity];
    }

    public int Count { get; private set; }

    /// <summary>The sequence number of the last WAL record applied (0 when none).</summary>
    public long LastSequence { get; set; }

    /// <summary>
    /// Applies the body of a WAL events record: the one code path for live appends and recovery.
    /// <paramref name="tokens"/> are the properties already tokenized by the appender (live path);
    /// without them (replay) each object is tokenized here with the same tokenizer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ApplyEvents(ReadOnlySpan<byte> body, StringTables tables, TokenizedBatch? tokens = null)
    {
        var reader = new ByteReader(body);
        var count = reader.ReadUInt32();
        EnsureCapacity(Count + (int)count);
        for (var i = 0; i < count; i++)
        {
            var uuid = reader.ReadGuid();
            var timestamp = reader.ReadInt64();
            var eventId = _lastEvent.GetOrAdd(reader.ReadBytes(), tables.Events);
            var ordinal = _lastDistinct.GetOrAdd(reader.ReadBytes(), tables.Distinct);
            var properties = reader.ReadBytes();
            var row = Count;
            _uuids[row] = uuid;
            _timestamps[row] = timestamp;
            _events[row] = eventId;
            _distinct[row] = ordinal;
            _minTimestamp = Math.Min(_minTimestamp, timestamp);
            _maxTimestamp = Math.Max(_maxTimestamp, timestamp);
            if (tokens is not null)
            {
                ApplyProperties(row, properties, tokens.TokensOf(i), tokens.Arena, tables);
            }
            else if (!properties.IsEmpty)
            {
                _replayTokens.Clear();
                _replayTokens.Add(properties);
                ApplyProperties(row, properties, _replayTokens.TokensOf(0), _replayTokens.Arena, tables);
            }

            Count = row + 1;
        }
    }

    /// <summary>Removes every row of the given distinct ordinals, returning how many were removed.</summary>
    public int RemoveDistinct(IReadOnlySet<int> ordinals)
    {
        var keep = new List<int>(Count);
        for (var i = 0; i < Count; i++)
        {
            if (!ordinals.Contains(_distinct[i]))
            {
                keep.Add(i);
            }
        }

        var removed = Count - keep.Count;
        if (removed == 0)
        {
            return 0;
        }

        // Rebuild into new arrays: views taken earlier keep reading the old ones unchanged.
        var rebuilt = new Memtable(Math.Max(keep.Count, 4096));
        foreach (var i in keep)
        {
            var row = rebuilt.Count;
            rebuilt._uuids[row] = _uuids[i];
            rebuilt._timestamps[row] = _timestamps[i];
            rebuilt._events[row] = _events[i];
            rebuilt._distinct[row] = _distinct[i];
            rebuilt._minTimestamp = Math.Min(rebuilt._minTimestamp, _timestamps[i]);
            rebuilt._maxTimestamp = Math.Max(rebuilt._maxTimestamp, _timestamps[i]);
            foreach (var (keyId, source) in _properties)
            {
                rebuilt.Property(keyId).CopyRow(source, i, row);
            }

            rebuilt.Count = row + 1;
        }

        _timestamps = rebuilt._timestamps;
        _distinct = rebuilt._distinct;
        _events = rebuilt._events;
        _uuids = rebuilt._uuids;
        _minTimestamp = rebuilt._minTimestamp;
        _maxTimestamp = rebuilt._maxTimestamp;
        _properties.Clear();
        foreach (var (keyId, builder) in rebuilt._properties)
        {
            _properties[keyId] = builder;
        }

        _keySlots = []; // they point at the replaced builders

        Count = rebuilt.Count;
        return removed;
    }

    public long MinTimestamp => _minTimestamp;

    public long MaxTimestamp => _maxTimestamp;

    public SegmentView CreateView() => CreateView(Count, _minTimestamp, _maxTimestamp);

    /// <summary>A view of the first <paramref name="count"/> rows (later rows may be applied but not yet durable).</summary>
    public SegmentView CreateView(int count, long minTimestamp, long maxTimestamp)
    {
        var properties = new PropertyColumnData[_properties.Count];
        var i = 0;
        foreach (var builder in _properties.Values)
        {
            properties[i++] = builder.View(count);
        }

        return new SegmentView(
            segmentId: -1,
            count,
            sorted: false,
            minTimestamp,
            maxTimestamp,
            ColumnRef.Over(_timestamps, count),
            ColumnRef.Over(_distinct, count),
            ColumnRef.Over(_events, count),
            ColumnRef.Over(_uuids, count),
            properties);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ApplyProperties(int row, ReadOnlySpan<byte> json, ReadOnlySpan<PropertyToken> tokens, ReadOnlySpan<byte> arena, StringTables tables)
    {
        if (tokens.Length > _keySlots.Length)
        {
            var slots = new KeySlot[tokens.Length];
            _keySlots.CopyTo(slots, 0);
            for (var i = _keySlots.Length; i < slots.Length; i++)
            {
                slots[i] = new KeySlot();
            }

            _keySlots = slots;
        }

        for (var t = 0; t < tokens.Length; t++)
        {
            ref readonly var token = ref tokens[t];
            var key = token.KeyInArena ? arena.Slice(token.KeyStart, token.KeyLength) : json.Slice(token.KeyStart, token.KeyLength);
            var slot = _keySlots[t];
            PropertyBuilder builder;
            if (slot.Key.TryGet(key, out _) && slot.Builder is { } cached)
            {
                builder = cached;
            }
            else
            {
                var keyId = tables.Keys.GetOrAdd(key);
                builder = Property(keyId);
                slot.Key.Set(key, keyId);
                slot.Builder = builder;
            }

            switch (token.Kind)
            {
                case PropertyValueKind.String or PropertyValueKind.Json:
                    var value = token.ValueInArena ? arena.Slice(token.ValueStart, token.ValueLength) : json.Slice(token.ValueStart, token.ValueLength);
                    builder.SetString(row, builder.LastValue.GetOrAdd(value, tables.Values), token.Kind);
                    break;
                case PropertyValueKind.Number:
                    builder.SetNumber(row, token.Number);
                    break;
                default:
                    builder.SetKind(row, token.Kind);
                    break;
            }
        }
    }

    private PropertyBuilder Property(int keyId)
    {
        if (!_properties.TryGetValue(keyId, out var builder))
        {
            builder = new PropertyBuilder(keyId, _timestamps.Length);
            _properties.Add(keyId, builder);
        }

        return builder;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _timestamps.Length)
        {
            return;
        }

        // Growing copies every column; jumping straight to the expected size saves the doublings on the way.
        var capacity = Math.Max(needed, Math.Max(_timestamps.Length * 2, _expectedRows));
        Array.Resize(ref _timestamps, capacity);
        Array.Resize(ref _distinct, capacity);
        Array.Resize(ref _events, capacity);
        Array.Resize(ref _uuids, capacity);
        foreach (var builder in _properties.Values)
        {
            builder.Grow(capacity);
        }
    }

    private sealed class KeySlot
    {
        public InternCache Key { get; } = new();

        public PropertyBuilder? Builder { get; set; }
    }
}
