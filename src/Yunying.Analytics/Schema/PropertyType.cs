namespace Yunying.Analytics.Schema;

/// <summary>The types schema discovery reports, as they are named in the API.</summary>
public static class PropertyType
{
    public const string String = "string";
    public const string Number = "number";
    public const string Boolean = "boolean";
    public const string DateTime = "datetime";
    public const string Array = "array";
    public const string Object = "object";
    public const string Null = "null";
}
