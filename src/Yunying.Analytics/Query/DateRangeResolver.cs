using System.Globalization;
using System.Text.RegularExpressions;
using Yunying.Core.Results;

namespace Yunying.Analytics.Query;

/// <summary>Turns a <see cref="DateRange"/> into instants in the project's time zone (see <see cref="DateRange"/> for the syntax).</summary>
public static partial class DateRangeResolver
{
    /// <summary>What an absent <see cref="DateRange.From"/> means.</summary>
    public const string DefaultFrom = "-7d";

    /// <summary>
    /// Resolves <paramref name="range"/> at <paramref name="now"/>. <paramref name="firstEvent"/> (UTC µs) is
    /// what <c>all</c> starts from; null when the project has no events (then <c>all</c> means today).
    /// </summary>
    public static Result<TimeRange> Resolve(DateRange? range, ZonedCalendar calendar, long now, long? firstEvent, string defaultFrom = DefaultFrom)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var fromText = string.IsNullOrWhiteSpace(range?.From) ? defaultFrom : range.From.Trim();
        if (!TryPoint(fromText, calendar, now, firstEvent, isEnd: false, out var from))
        {
            return QueryErrors.BadDate("dateRange.from", fromText);
        }

        var to = now;
        if (!string.IsNullOrWhiteSpace(range?.To) && !TryPoint(range.To.Trim(), calendar, now, firstEvent, isEnd: true, out to))
        {
            return QueryErrors.BadDate("dateRange.to", range.To);
        }

        if (from >= to)
        {
            return Error.Validation("query.date_range_empty", $"The date range is empty: '{fromText}' is not before '{range?.To ?? "now"}'.", "dateRange");
        }

        return new TimeRange(from, to);
    }

    private static bool TryPoint(string text, ZonedCalendar calendar, long now, long? firstEvent, bool isEnd, out long micros)
    {
        micros = 0;
        var today = DateOnly.FromDateTime(calendar.ToLocal(now));
        DateTime? local = null;
        var end = isEnd;
        switch (text.ToLowerInvariant())
        {
            case "all" when !isEnd:
                local = (firstEvent is { } first ? calendar.DayOf(first) : today).ToDateTime(TimeOnly.MinValue);
                break;
            case "today":
                local = today.ToDateTime(TimeOnly.MinValue);
                break;
            case "yesterday":
                local = today.AddDays(-1).ToDateTime(TimeOnly.MinValue);
                break;
            case "wtd":
                local = ZonedCalendar.IntervalStart(today.ToDateTime(TimeOnly.MinValue), Interval.Week);
                end = false;
                break;
            case "mtd":
                local = new DateTime(today.Year, today.Month, 1);
                end = false;
                break;
            case "ytd":
                local = new DateTime(today.Year, 1, 1);
                end = false;
                break;
            case "now":
                micros = now;
                return true;
        }

        if (local is null && Relative().Match(text) is { Success: true } match)
        {
            var n = int.Parse(match.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
            if (n > 100_000)
            {
                return false;
            }

            var unit = char.ToLowerInvariant(match.Groups["unit"].Value[0]);
            if (unit == 'h')
            {
                // The start of the local hour n hours ago; as an end, the end of that hour.
                var hour = ZonedCalendar.IntervalStart(calendar.ToLocal(now - (n * 3_600_000_000L)), Interval.Hour);
                micros = calendar.ToMicros(hour) + (isEnd ? 3_600_000_000L : 0);
                return true;
            }

            try
            {
                local = unit switch
                {
                    'd' => today.AddDays(-n).ToDateTime(TimeOnly.MinValue),
                    'w' => today.AddDays(-7 * n).ToDateTime(TimeOnly.MinValue),
                    'm' => today.AddMonths(-n).ToDateTime(TimeOnly.MinValue),
                    _ => today.AddYears(-n).ToDateTime(TimeOnly.MinValue),
                };
            }
            catch (ArgumentOutOfRangeException)
            {
                return false;
            }
        }

        if (local is null)
        {
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                local = date.ToDateTime(TimeOnly.MinValue);
            }
            else if (HasOffset().IsMatch(text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                micros = Events.EventRecord.ToMicros(instant);
                return true;
            }
            else if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
            {
                micros = calendar.ToMicros(wall);
                return true;
            }
            else
            {
                return false;
            }
        }

        // A day named as the end includes that whole day.
        micros = calendar.ToMicros(end ? local.Value.AddDays(1) : local.Value);
        return true;
    }

    private static readonly string[] LocalFormats = ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    [GeneratedRegex(@"^-(?<n>\d{1,6})(?<unit>[hdwmyHDWMY])$")]
    private static partial Regex Relative();

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex HasOffset();
}
