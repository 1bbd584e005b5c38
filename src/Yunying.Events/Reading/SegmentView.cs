namespace Yunying.Events.Reading;

/// <summary>
/// The columns of one immutable slice of a project's events: a sealed segment or the in-memory tail
/// as it was when the snapshot was taken. All columns have <see cref="RowCount"/> entries and row
/// <c>i</c> of every column belongs to the same event.
/// </summary>
/// <remarks>
/// Sealed segments are sorted by (distinct ordinal, timestamp, arrival), so each distinct id's events
/// form one contiguous, time-ordered run (<see cref="IsSortedByDistinctAndTime"/>). The in-memory tail
/// is in arrival order and not sorted (sorting up to a million rows on every snapshot would tax every
/// query for the benefit of a few); call <see cref="SortedByDistinctAndTime"/> when a kernel needs runs.
/// </remarks>
public sealed class SegmentView
{
    private readonly ColumnRef _timestamps;
    private readonly ColumnRef _distinctOrdinals;
    private readonly ColumnRef _eventIds;
    private readonly ColumnRef _uuids;
    private readonly PropertyColumnData[] _properties;
    private readonly int[] _propertyKeyIds;

    internal SegmentView(
        long segmentId,
        int rowCount,
        bool sorted,
        long minTimestamp,
        long maxTimestamp,
        ColumnRef timestamps,
        ColumnRef distinctOrdinals,
        ColumnRef eventIds,
        ColumnRef uuids,
        PropertyColumnData[] properties)
    {
        SegmentId = segmentId;
        RowCount = rowCount;
        IsSortedByDistinctAndTime = sorted;
        MinTimestamp = minTimestamp;
        MaxTimestamp = maxTimestamp;
        _timestamps = timestamps;
        _distinctOrdinals = distinctOrdinals;
        _eventIds = eventIds;
        _uuids = uuids;
        Array.Sort(properties, static (a, b) => a.KeyId.CompareTo(b.KeyId));
        _properties = properties;
        _propertyKeyIds = Array.ConvertAll(properties, static p => p.KeyId);
    }

    /// <summary>The segment's id, or -1 for the in-memory tail.</summary>
    public long SegmentId { get; }

    /// <summary>Whether this is a sealed, on-disk segment (rather than the in-memory tail).</summary>
    public bool IsSealed => SegmentId >= 0;

    /// <summary>Rows in every column.</summary>
    public int RowCount { get; }

    /// <summary>Whether rows are ordered by (distinct ordinal, timestamp). True for sealed segments.</summary>
    public bool IsSortedByDistinctAndTime { get; }

    /// <summary>Smallest timestamp in the view (<see cref="long.MaxValue"/> when empty).</summary>
    public long MinTimestamp { get; }

    /// <summary>Largest timestamp in the view (<see cref="long.MinValue"/> when empty).</summary>
    public long MaxTimestamp { get; }

    /// <summary>Event timestamps, UTC microseconds since the Unix epoch.</summary>
    public ReadOnlySpan<long> Timestamps => _timestamps.Span<long>();

    /// <summary>Distinct-id ordinals (see <see cref="ProjectSnapshot.DistinctIds"/>).</summary>
    public ReadOnlySpan<int> DistinctOrdinals => _distinctOrdinals.Span<int>();

    /// <summary>Event-name ids (see <see cref="ProjectSnapshot.EventNames"/>).</summary>
    public ReadOnlySpan<int> EventIds => _eventIds.Span<int>();

    /// <summary>Event uuids.</summary>
    public ReadOnlySpan<Guid> Uuids => _uuids.Span<Guid>();

    /// <summary>Ids of the property keys that occur in this view, ascending.</summary>
    public ReadOnlySpan<int> PropertyKeyIds => _propertyKeyIds;

    internal ReadOnlySpan<PropertyColumnData> PropertyData => _properties;

    /// <summary>Gets the column of property key <paramref name="keyId"/>; false when no row in this view has it.</summary>
    public bool TryGetProperty(int keyId, out PropertyColumn column)
    {
        var index = Array.BinarySearch(_propertyKeyIds, keyId);
        if (index < 0)
        {
            column = default;
            return false;
        }

        column = new PropertyColumn(_properties[index]);
        return true;
    }

    /// <summary>
    /// This view if it is already sorted by (distinct ordinal, timestamp); otherwise an in-memory sorted
    /// copy (same layout as a sealed segment, <see cref="SegmentId"/> -1).
    /// </summary>
    public SegmentView SortedByDistinctAndTime()
    {
        if (IsSortedByDistinctAndTime)
        {
            return this;
        }

        var order = Storage.SegmentWriter.SortOrder(this);
        var image = Storage.SegmentWriter.Build(this, order, segmentId: 0, sorted: true);
        return Storage.SegmentReader.Parse(image, "(sorted in-memory tail)", asSegmentId: -1);
    }
}
