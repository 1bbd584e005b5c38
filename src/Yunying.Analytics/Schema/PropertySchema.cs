namespace Yunying.Analytics.Schema;

/// <summary>One property key as seen on a project's events (or on one event name's events).</summary>
/// <param name="Key">The property key.</param>
/// <param name="Types">Inferred types and how many values had each: string, number, boolean, datetime (ISO-8601 strings), array, object, null.</param>
/// <param name="Samples">Up to five distinct sample values, as JSON values.</param>
/// <param name="Count">Events carrying the key.</param>
/// <param name="FirstSeen">Earliest timestamp of an event carrying it (UTC).</param>
/// <param name="LastSeen">Latest timestamp of an event carrying it (UTC).</param>
public sealed record PropertySchema(
    string Key,
    IReadOnlyDictionary<string, long> Types,
    IReadOnlyList<object?> Samples,
    long Count,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen);
