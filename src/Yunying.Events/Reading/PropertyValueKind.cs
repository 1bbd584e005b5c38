namespace Yunying.Events.Reading;

/// <summary>The JSON kind of one property value in one row.</summary>
public enum PropertyValueKind : byte
{
    /// <summary>The row does not have the key.</summary>
    Missing = 0,

    /// <summary>A string; its value-dictionary id is in <see cref="PropertyColumn.StringIds"/>.</summary>
    String = 1,

    /// <summary>A number, stored as a double in <see cref="PropertyColumn.Numbers"/>.</summary>
    Number = 2,

    /// <summary>The boolean <c>true</c>.</summary>
    True = 3,

    /// <summary>The boolean <c>false</c>.</summary>
    False = 4,

    /// <summary>JSON <c>null</c>.</summary>
    Null = 5,

    /// <summary>A nested array or object; its JSON text's value-dictionary id is in <see cref="PropertyColumn.StringIds"/>.</summary>
    Json = 6,
}
