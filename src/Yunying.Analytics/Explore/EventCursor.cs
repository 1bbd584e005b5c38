using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Yunying.Events;

namespace Yunying.Analytics.Explore;

/// <summary>
/// A position in the newest-first order of a project's events: (timestamp, uuid), so events with the same
/// microsecond are still paged exactly once. Written as <c>{micros}_{uuid:N}</c>; a bare microsecond count
/// or an ISO-8601 instant is accepted too (it stands before every event at that instant).
/// </summary>
public readonly record struct EventCursor(long Timestamp, Guid Uuid)
{
    public override string ToString() => Timestamp.ToString(CultureInfo.InvariantCulture) + "_" + Uuid.ToString("N");

    /// <summary>Whether an event at (<paramref name="timestamp"/>, <paramref name="uuid"/>) comes after (is newer than) this position.</summary>
    public bool IsBefore(long timestamp, Guid uuid) => timestamp > Timestamp || (timestamp == Timestamp && uuid.CompareTo(Uuid) > 0);

    public static bool TryParse(string? text, [NotNullWhen(true)] out EventCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var underscore = text.IndexOf('_', StringComparison.Ordinal);
        if (underscore > 0
            && long.TryParse(text.AsSpan(0, underscore), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros)
            && Guid.TryParseExact(text.AsSpan(underscore + 1), "N", out var uuid))
        {
            cursor = new EventCursor(micros, uuid);
            return true;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out micros))
        {
            cursor = new EventCursor(micros, Guid.Empty);
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            cursor = new EventCursor(EventRecord.ToMicros(instant), Guid.Empty);
            return true;
        }

        return false;
    }
}
