using Yunying.Events.Reading;

namespace Yunying.Events.Partition;

/// <summary>
/// One top-level property of an event's JSON, located but not yet interned. Offsets point into the
/// event's properties bytes, or into the batch's arena when the flag says the text was unescaped.
/// </summary>
internal struct PropertyToken
{
    public PropertyValueKind Kind;
    public bool KeyInArena;
    public bool ValueInArena;
    public int KeyStart;
    public int KeyLength;
    public int ValueStart;
    public int ValueLength;
    public double Number;
}
