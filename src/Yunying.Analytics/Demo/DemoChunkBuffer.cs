using System.Runtime.CompilerServices;
using Yunying.Events;

namespace Yunying.Analytics.Demo;

/// <summary>
/// The reusable memory one chunk is generated into: the properties JSON of every event back to back, the
/// events' other fields, and the records pointing into both. A loader keeps a few of these and reuses them
/// once the engine has taken a chunk, so generating allocates (almost) nothing per event or per chunk.
/// </summary>
internal sealed class DemoChunkBuffer
{
    private byte[] _json = new byte[1 << 16];
    private Pending[] _pending = new Pending[1024];
    private EventRecord[] _records = [];

    /// <summary>The records of the last generated chunk (valid until the next <see cref="Reset"/>).</summary>
    public ArraySegment<EventRecord> Records { get; private set; } = ArraySegment<EventRecord>.Empty;

    public int Count { get; private set; }

    /// <summary>Bytes of properties JSON written so far.</summary>
    public int Length { get; private set; }

    /// <summary>Scratch for the generator: the active days of the user being generated.</summary>
    public List<int> ActiveDays { get; } = [];

    /// <summary>Scratch for the generator: the start of every properties object of the user's current day.</summary>
    public byte[] DayPrefix { get; set; } = new byte[256];

    public int DayPrefixLength { get; set; }

    public void Reset(int expectedEvents, int expectedBytes)
    {
        Count = 0;
        Length = 0;
        Records = ArraySegment<EventRecord>.Empty;
        if (_json.Length < expectedBytes)
        {
            _json = new byte[expectedBytes];
        }

        if (_pending.Length < expectedEvents)
        {
            _pending = new Pending[expectedEvents];
        }
    }

    /// <summary>Room for at least <paramref name="size"/> more bytes of JSON.</summary>
    public Span<byte> Reserve(int size)
    {
        if (Length + size > _json.Length)
        {
            Array.Resize(ref _json, Math.Max(_json.Length * 2, Length + size));
        }

        return _json.AsSpan(Length);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        Length += bytes.Length;
    }

    public void WriteByte(byte value)
    {
        Reserve(1)[0] = value;
        Length++;
    }

    public void Advance(int count) => Length += count;

    /// <summary>Records one event whose properties are the bytes from <paramref name="start"/> to the current end.</summary>
    public void Add(Guid uuid, long micros, string name, string distinctId, int start)
    {
        if (Count == _pending.Length)
        {
            Array.Resize(ref _pending, _pending.Length * 2);
        }

        _pending[Count++] = new Pending(uuid, micros, name, distinctId, start, Length - start);
    }

    /// <summary>Turns what was written into <see cref="Records"/> (the JSON buffer no longer moves).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ArraySegment<EventRecord> Complete()
    {
        if (_records.Length < Count)
        {
            _records = new EventRecord[Math.Max(Count, _pending.Length)];
        }

        var json = _json.AsMemory();
        for (var i = 0; i < Count; i++)
        {
            ref readonly var p = ref _pending[i];
            _records[i] = new EventRecord(p.Uuid, p.Micros, p.Name, p.DistinctId, json.Slice(p.Start, p.Length));
        }

        Records = new ArraySegment<EventRecord>(_records, 0, Count);
        return Records;
    }

    private readonly record struct Pending(Guid Uuid, long Micros, string Name, string DistinctId, int Start, int Length);
}
