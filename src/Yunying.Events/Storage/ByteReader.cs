using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Yunying.Events.Storage;

/// <summary>Sequential little-endian reader over a byte span; throws <see cref="EventStoreFormatException"/> on overrun.</summary>
internal ref struct ByteReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; private set; }

    public readonly int Remaining => _data.Length - Position;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte() => Take(1)[0];

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public Guid ReadGuid() => new(Take(16));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadVarUInt()
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte();
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new EventStoreFormatException("Malformed variable-length integer.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> ReadBytes() => Take(checked((int)ReadVarUInt()));

    private ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)(_data.Length - Position))
        {
            throw new EventStoreFormatException("Record ends before its declared contents.");
        }

        var span = _data.Slice(Position, count);
        Position += count;
        return span;
    }
}
