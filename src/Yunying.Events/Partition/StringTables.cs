namespace Yunying.Events.Partition;

/// <summary>The four dictionaries of a project partition.</summary>
internal sealed class StringTables
{
    public const int EventNames = 0;
    public const int DistinctIds = 1;
    public const int PropertyKeys = 2;
    public const int PropertyValues = 3;

    public StringTable Events { get; } = new();

    public StringTable Distinct { get; } = new();

    public StringTable Keys { get; } = new();

    public StringTable Values { get; } = new();

    public StringTable this[int table] => table switch
    {
        EventNames => Events,
        DistinctIds => Distinct,
        PropertyKeys => Keys,
        PropertyValues => Values,
        _ => throw new EventStoreFormatException($"Unknown dictionary {table}."),
    };

    public DictionaryCounts Counts() => new(Events.Count, Distinct.Count, Keys.Count, Values.Count);
}
