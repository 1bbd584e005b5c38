using Yunying.Events.Reading;

namespace Yunying.Analytics.Query.Paths;

/// <summary>
/// Which rows are steps and what each step is called, decided once per query from the snapshot's dictionaries.
/// A row gets a <em>raw code</em>: its event id, or, for a page view named by <c>pageviewProperty</c>, the event
/// count plus the value id of its text. Several raw codes can share a name (an event and a page, <c>/a</c> and
/// <c>/a/</c>), so after the scan <see cref="Canonical"/> maps the raw codes that occurred to step codes
/// numbered in ordinal name order: comparing codes then compares names, which orders events at one instant.
/// </summary>
internal sealed class PathSteps
{
    /// <summary>Not a step.</summary>
    public const int NotStep = -1;

    /// <summary>A page view named by the property's value.</summary>
    public const int Named = -2;

    private const string CustomEvents = "custom_event";

    private readonly ProjectSnapshot _snapshot;
    private readonly HashSet<string> _excluded;

    private PathSteps(ProjectSnapshot snapshot, int[] eventRaw, int pageviewEvent, int propertyKey, HashSet<string> excluded)
    {
        _snapshot = snapshot;
        EventRaw = eventRaw;
        PageviewEvent = pageviewEvent;
        PropertyKey = propertyKey;
        _excluded = excluded;
        RawSpace = snapshot.EventNames.Count + (propertyKey >= 0 ? snapshot.PropertyValues.Count : 0);
    }

    /// <summary>Per event id: its raw code (the id), <see cref="NotStep"/> or <see cref="Named"/>.</summary>
    public int[] EventRaw { get; }

    /// <summary>The event id of <c>$pageview</c> (the raw code of a page view without a text value), or -1.</summary>
    public int PageviewEvent { get; }

    /// <summary>The key id of the page-view property, or -1 when page views are not named by it.</summary>
    public int PropertyKey { get; }

    /// <summary>Raw codes run from 0 to this (exclusive).</summary>
    public int RawSpace { get; }

    public static PathSteps Create(ProjectSnapshot snapshot, IReadOnlyList<string>? include, IReadOnlyList<string>? exclude, string? pageviewProperty)
    {
        var excluded = new HashSet<string>(exclude ?? [], StringComparer.Ordinal);
        var wanted = new HashSet<string>(include ?? [], StringComparer.Ordinal);
        var custom = wanted.Remove(CustomEvents);
        var all = wanted.Count == 0 && !custom;
        var events = snapshot.EventNames;
        var eventRaw = new int[events.Count];
        var pageview = events.TryGetId("$pageview", out var id) ? id : -1;
        var key = -1;
        if (!string.IsNullOrEmpty(pageviewProperty) && snapshot.PropertyKeys.TryGetId(pageviewProperty, out var keyId))
        {
            key = keyId;
        }

        for (var e = 0; e < eventRaw.Length; e++)
        {
            var name = events[e];
            var step = all || wanted.Contains(name) || (custom && !name.StartsWith('$'));
            eventRaw[e] = !step ? NotStep
                : e == pageview && key >= 0 ? Named
                : excluded.Contains(name) ? NotStep
                : e;
        }

        return new PathSteps(snapshot, eventRaw, pageview, key, excluded);
    }

    /// <summary>The step name of a raw code.</summary>
    public string NameOf(int raw)
    {
        var events = _snapshot.EventNames.Count;
        return raw < events ? _snapshot.EventNames[raw] : TrimSlash(_snapshot.PropertyValues[raw - events]);
    }

    /// <summary>
    /// For each raw code marked in <paramref name="used"/>, its step code (or <see cref="NotStep"/> when its name
    /// is excluded), and the names of the step codes in order.
    /// </summary>
    public (int[] Codes, string[] Names) Canonical(byte[] used)
    {
        var byName = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var raw = 0; raw < used.Length; raw++)
        {
            if (used[raw] == 0)
            {
                continue;
            }

            var name = NameOf(raw);
            if (_excluded.Contains(name))
            {
                continue;
            }

            if (!byName.TryGetValue(name, out var raws))
            {
                byName[name] = raws = [];
            }

            raws.Add(raw);
        }

        var names = byName.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        var codes = new int[used.Length];
        Array.Fill(codes, NotStep);
        for (var code = 0; code < names.Length; code++)
        {
            foreach (var raw in byName[names[code]])
            {
                codes[raw] = code;
            }
        }

        return (codes, names);
    }

    /// <summary>Per raw code, whether its step is called <paramref name="name"/> .</summary>
    public Target TargetOf(string name)
    {
        var events = _snapshot.EventNames;
        var matches = new bool[events.Count];
        var values = new List<int>();
        if (_excluded.Contains(name))
        {
            return new Target(matches, values.ToArray(), events.Count, null);
        }

        string? eventName = null;
        var any = false;
        for (var e = 0; e < matches.Length; e++)
        {
            // A named page view without a text value is the step $pageview (raw code: the event id).
            if (EventRaw[e] != NotStep && string.Equals(events[e], name, StringComparison.Ordinal))
            {
                matches[e] = true;
                eventName = events[e];
                any = true;
            }
        }

        if (PropertyKey >= 0)
        {
            foreach (var candidate in new[] { name, name + "/" })
            {
                if (_snapshot.PropertyValues.TryGetId(candidate, out var valueId) && TrimSlash(candidate) == name)
                {
                    values.Add(valueId);
                }
            }

            if (values.Count > 0)
            {
                eventName = any ? null : "$pageview";
            }
        }

        return new Target(matches, values.ToArray(), events.Count, eventName);
    }

    /// <summary>PostHog's page-name rule: one trailing slash after at least one character is removed.</summary>
    public static string TrimSlash(string text) => text.Length > 1 && text[^1] == '/' ? text[..^1] : text;

    /// <summary>Raw codes whose step has one name; <see cref="EventName"/> is the one event that can carry it (null when several can).</summary>
    internal sealed class Target(bool[] events, int[] values, int eventCount, string? eventName)
    {
        public string? EventName { get; } = eventName;

        public bool Matches(int raw)
        {
            if (raw < eventCount)
            {
                return events[raw];
            }

            var value = raw - eventCount;
            foreach (var v in values)
            {
                if (v == value)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
