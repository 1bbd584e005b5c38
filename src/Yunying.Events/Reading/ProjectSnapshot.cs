using System.Text.Json;

namespace Yunying.Events.Reading;

/// <summary>
/// A consistent, immutable view of one project's events at a point in time: the sealed segments plus
/// the in-memory tail, and the dictionaries needed to interpret their ids. Appends, sealing and forgets
/// that happen later do not change it (sealing replaces segments in newer snapshots only; the arrays a
/// snapshot reads stay alive as long as it is referenced). There is nothing to dispose.
/// </summary>
public sealed class ProjectSnapshot
{
    internal ProjectSnapshot(
        Guid projectId,
        long sequence,
        IReadOnlyList<SegmentView> segments,
        DictionaryView eventNames,
        DictionaryView distinctIds,
        DictionaryView propertyKeys,
        DictionaryView propertyValues)
    {
        ProjectId = projectId;
        Sequence = sequence;
        Segments = segments;
        EventNames = eventNames;
        DistinctIds = distinctIds;
        PropertyKeys = propertyKeys;
        PropertyValues = propertyValues;
        long rows = 0;
        foreach (var segment in segments)
        {
            rows += segment.RowCount;
        }

        RowCount = rows;
    }

    /// <summary>The project.</summary>
    public Guid ProjectId { get; }

    /// <summary>The write-ahead-log sequence number of the last batch or forget included.</summary>
    public long Sequence { get; }

    /// <summary>Sealed segments (oldest first), then the in-memory tail views (unsorted, <see cref="SegmentView.IsSealed"/> false).</summary>
    public IReadOnlyList<SegmentView> Segments { get; }

    /// <summary>Total rows across <see cref="Segments"/>.</summary>
    public long RowCount { get; }

    /// <summary>Event name ↔ event id.</summary>
    public DictionaryView EventNames { get; }

    /// <summary>Distinct id ↔ distinct ordinal (the index space of a distinct-to-person map).</summary>
    public DictionaryView DistinctIds { get; }

    /// <summary>Property key ↔ key id.</summary>
    public DictionaryView PropertyKeys { get; }

    /// <summary>String property values and nested JSON text ↔ value id (one dictionary per project, shared by all keys).</summary>
    public DictionaryView PropertyValues { get; }

    /// <summary>
    /// Writes one row's properties as a JSON object: strings, numbers, booleans and nulls typed, nested
    /// arrays and objects as the JSON text that was received. Keys come in the project's key-id order.
    /// </summary>
    public void WriteProperties(SegmentView segment, int row, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var keyId in segment.PropertyKeyIds)
        {
            segment.TryGetProperty(keyId, out var column);
            var kind = column.KindAt(row);
            if (kind == PropertyValueKind.Missing)
            {
                continue;
            }

            writer.WritePropertyName(PropertyKeys[keyId]);
            switch (kind)
            {
                case PropertyValueKind.String:
                    writer.WriteStringValue(PropertyValues[column.StringIds[row]]);
                    break;
                case PropertyValueKind.Number:
                    writer.WriteNumberValue(column.Numbers[row]);
                    break;
                case PropertyValueKind.True:
                    writer.WriteBooleanValue(true);
                    break;
                case PropertyValueKind.False:
                    writer.WriteBooleanValue(false);
                    break;
                case PropertyValueKind.Null:
                    writer.WriteNullValue();
                    break;
                default:
                    writer.WriteRawValue(PropertyValues[column.StringIds[row]], skipInputValidation: true);
                    break;
            }
        }

        writer.WriteEndObject();
    }
}
