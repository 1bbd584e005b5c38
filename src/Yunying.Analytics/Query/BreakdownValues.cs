using Yunying.Core.Results;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Query;

/// <summary>
/// The breakdown value of each row as an integer code, the same across segments: 0 is "(none)" (no value or
/// JSON null), <c>1 + id</c> is the string (or nested JSON text) with value-dictionary id <c>id</c>, and
/// numbers and booleans take the code of their text (registered on first sight when the dictionary lacks
/// it), so <c>5</c> and <c>"5"</c>, or <c>true</c> and <c>"true"</c>, fall in one bucket as in PostHog. Person
/// properties are read once per person from the person map. Safe to use from several threads at once.
/// </summary>
public sealed class BreakdownValues
{
    public const int None = 0;
    private const int FirstValue = 1;

    private readonly DictionaryView _values;
    private readonly int _valueCount;
    private readonly Dictionary<string, int> _extraCodes = new(StringComparer.Ordinal);
    private readonly List<string> _extraTexts = [];
    private readonly Lock _gate = new();
    private readonly int _keyId;
    private readonly int[]? _distinctCodes;

    private BreakdownValues(Breakdown breakdown, DictionaryView values, int keyId)
    {
        Breakdown = breakdown;
        _values = values;
        _valueCount = values.Count;
        _keyId = keyId;
        TrueCode = CodeOfText("true");
        FalseCode = CodeOfText("false");
    }

    private BreakdownValues(Breakdown breakdown, DictionaryView values, QueryContext context, IReadOnlyList<CohortMembers>? cohorts = null)
        : this(breakdown, values, -1)
    {
        var personCodes = new int[context.PersonSpace];
        if (cohorts is not null)
        {
            // A person in several of the cohorts counts under the first one listed.
            var codes = cohorts.Select(c => CodeOfText(c.Name)).ToArray();
            for (var p = 0; p < personCodes.Length; p++)
            {
                for (var c = 0; c < codes.Length; c++)
                {
                    if (cohorts[c].Members.Contains(p))
                    {
                        personCodes[p] = codes[c];
                        break;
                    }
                }
            }
        }
        else
        {
            var column = context.Persons.GetProperty(breakdown.Property);
            for (var p = 0; p < context.Persons.PersonCount; p++)
            {
                personCodes[p] = column.Kinds[p] switch
                {
                    PropertyValueKind.String or PropertyValueKind.Json => CodeOfText(column.Strings[p] ?? string.Empty),
                    PropertyValueKind.Number => CodeOfNumber(column.Numbers[p]),
                    PropertyValueKind.True => TrueCode,
                    PropertyValueKind.False => FalseCode,
                    _ => None,
                };
            }
        }

        _distinctCodes = new int[context.Snapshot.DistinctIds.Count];
        for (var d = 0; d < _distinctCodes.Length; d++)
        {
            _distinctCodes[d] = personCodes[context.PersonOf(d)];
        }
    }

    public Breakdown Breakdown { get; }

    /// <summary>The code of the boolean <c>true</c> (the same as the string "true").</summary>
    public int TrueCode { get; }

    /// <summary>The code of the boolean <c>false</c>.</summary>
    public int FalseCode { get; }

    /// <summary>Codes are below this (it grows while numbers are registered).</summary>
    public int CodeSpace
    {
        get
        {
            lock (_gate)
            {
                return FirstValue + _valueCount + _extraTexts.Count;
            }
        }
    }

    /// <summary>Compiles a breakdown by an event or person property.</summary>
    public static Result<BreakdownValues> Compile(QueryContext context, Breakdown breakdown)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(breakdown);
        if (string.IsNullOrWhiteSpace(breakdown.Property))
        {
            return QueryErrors.Invalid("breakdown.property", "A breakdown needs 'property': the property whose values split the results.");
        }

        if (breakdown.Limit is < 1 or > Breakdown.MaxLimit)
        {
            return QueryErrors.Invalid("breakdown.limit", $"breakdown.limit is between 1 and {Breakdown.MaxLimit}.");
        }

        return breakdown.Type switch
        {
            PropertyScope.Event => new BreakdownValues(
                breakdown, context.Snapshot.PropertyValues, context.Snapshot.PropertyKeys.TryGetId(breakdown.Property, out var keyId) ? keyId : -1),
            PropertyScope.Person => new BreakdownValues(breakdown, context.Snapshot.PropertyValues, context),
            _ => ByCohorts(context, breakdown),
        };
    }

    /// <summary>A breakdown by cohorts: <c>property</c> holds one cohort id or several, comma-separated; each person falls under the first cohort that holds them, or "(none)".</summary>
    private static Result<BreakdownValues> ByCohorts(QueryContext context, Breakdown breakdown)
    {
        if (context.Cohorts is null)
        {
            return QueryErrors.Invalid("breakdown.type", "Breakdowns by cohort are not available here; use an event or person property.");
        }

        var cohorts = new List<CohortMembers>();
        foreach (var id in breakdown.Property.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var members = context.Cohorts.Resolve(id, context);
            if (!members.IsSuccess)
            {
                return members.Error;
            }

            cohorts.Add(members.Value);
        }

        return new BreakdownValues(breakdown, context.Snapshot.PropertyValues, context, cohorts);
    }

    /// <summary>Binds to one segment view; the result answers <see cref="SegmentBreakdown.CodeAt"/> per row.</summary>
    public SegmentBreakdown Bind(SegmentView segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (_distinctCodes is not null)
        {
            return new SegmentBreakdown(this, default, segment.DistinctOrdinals, _distinctCodes, hasColumn: false);
        }

        return _keyId >= 0 && segment.TryGetProperty(_keyId, out var column)
            ? new SegmentBreakdown(this, column, default, null, hasColumn: true)
            : new SegmentBreakdown(this, default, default, null, hasColumn: false);
    }

    /// <summary>The text of a code: the value, or "(none)".</summary>
    public string Label(int code)
    {
        if (code == None)
        {
            return BreakdownBucket.NoneLabel;
        }

        var id = code - FirstValue;
        if (id < _valueCount)
        {
            return _values[id];
        }

        lock (_gate)
        {
            return _extraTexts[id - _valueCount];
        }
    }

    internal int CodeOfNumber(double number) => CodeOfText(ValuePredicate.NumberText(number));

    private int CodeOfText(string text)
    {
        if (_values.TryGetId(text, out var id) && id < _valueCount)
        {
            return FirstValue + id;
        }

        lock (_gate)
        {
            if (!_extraCodes.TryGetValue(text, out var code))
            {
                code = FirstValue + _valueCount + _extraTexts.Count;
                _extraTexts.Add(text);
                _extraCodes[text] = code;
            }

            return code;
        }
    }

    internal static int CodeOfValueId(int id) => FirstValue + id;
}
