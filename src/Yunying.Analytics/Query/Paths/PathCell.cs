namespace Yunying.Analytics.Query.Paths;

/// <summary>
/// Counts of one node or link. Persons are counted with a stamp: the walk visits each person's paths together,
/// so a cell counts a person when the stamp it last saw differs from the person's.
/// </summary>
internal struct PathCell
{
    public long Paths;
    public long Persons;

    /// <summary>Nodes: paths that ended their session here. Links: total µs from source to target.</summary>
    public long Extra;

    /// <summary>Nodes: distinct persons whose path ended its session here.</summary>
    public long ExtraPersons;

    public int Stamp;
    public int ExtraStamp;
}
