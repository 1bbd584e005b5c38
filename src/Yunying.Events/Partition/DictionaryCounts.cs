namespace Yunying.Events.Partition;

/// <summary>Entry counts of the four dictionaries at one moment.</summary>
internal readonly record struct DictionaryCounts(int Events, int Distinct, int Keys, int Values)
{
    public int this[int table] => table switch
    {
        StringTables.EventNames => Events,
        StringTables.DistinctIds => Distinct,
        StringTables.PropertyKeys => Keys,
        _ => Values,
    };
}
