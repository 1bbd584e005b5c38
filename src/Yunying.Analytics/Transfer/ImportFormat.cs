namespace Yunying.Analytics.Transfer;

/// <summary>File formats <c>yunying import</c> reads.</summary>
public enum ImportFormat
{
    /// <summary>Yunying's own JSON Lines (what <c>yunying export</c> writes).</summary>
    Jsonl,

    /// <summary>CSV with a header row: <c>event</c>, <c>distinct_id</c>, <c>timestamp</c>, optional <c>uuid</c> and <c>properties</c> (a JSON object); other columns become properties.</summary>
    Csv,

    /// <summary>One PostHog capture payload per line (an event, an array of events or a batch), read by the capture decoder.</summary>
    PostHog,

    /// <summary>One Sensors (神策) record, or an array of records, per line, read by the capture decoder.</summary>
    Sensors,
}
