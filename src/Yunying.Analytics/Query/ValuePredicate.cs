using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Yunying.Core.Results;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Query;

/// <summary>
/// One property filter's test on a single value, compiled once per query. Strings are compared as text
/// (ordinal; <c>icontains</c> ignores case); a number equals a filter value that is that number or a string
/// that parses to it (so <c>"5"</c> finds <c>5</c>); booleans compare as <c>true</c>/<c>false</c>; numeric
/// comparisons accept numbers and numeric strings; <c>icontains</c> and <c>regex</c> see a number as its
/// shortest invariant text. JSON <c>null</c> counts as not set.
/// </summary>
public sealed class ValuePredicate
{
    private readonly HashSet<string> _texts = new(StringComparer.Ordinal);
    private readonly HashSet<double> _numbers = [];
    private readonly string[] _needles = [];
    private readonly Regex? _regex;
    private readonly double _low = double.NegativeInfinity;
    private readonly double _high = double.PositiveInfinity;
    private readonly bool _lowInclusive = true;
    private readonly bool _highInclusive = true;

    private ValuePredicate(FilterOperator op, Regex? regex)
    {
        Operator = op;
        _regex = regex;
        Negated = op is FilterOperator.IsNot or FilterOperator.NotIContains or FilterOperator.NotRegex or FilterOperator.NotBetween;
        MatchesMissing = FilterOperators.MatchesMissing(op);
    }

    private ValuePredicate(FilterOperator op, Regex? regex, string[] needles)
        : this(op, regex) => _needles = needles;

    private ValuePredicate(FilterOperator op, double low, bool lowInclusive, double high, bool highInclusive)
        : this(op, null)
    {
        _low = low;
        _high = high;
        _lowInclusive = lowInclusive;
        _highInclusive = highInclusive;
    }

    public FilterOperator Operator { get; }

    /// <summary>Whether a row without the property passes.</summary>
    public bool MatchesMissing { get; }

    /// <summary>Whether the test is the negation of a positive one (missing values then pass).</summary>
    public bool Negated { get; }

    /// <summary>The exact texts compared (for <c>exact</c> and <c>is_not</c>).</summary>
    public IReadOnlyCollection<string> Texts => _texts;

    /// <summary>Whether the test needs the value at all (<c>is_set</c> and <c>is_not_set</c> look only at the kind).</summary>
    public bool KindOnly => Operator is FilterOperator.IsSet or FilterOperator.IsNotSet;

    /// <summary>Compiles <paramref name="filter"/>'s operator and value; <paramref name="field"/> names it in errors.</summary>
    public static Result<ValuePredicate> Compile(PropertyFilter filter, FilterOperator op, string field)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var values = new List<JsonElement>();
        if (filter.Value is { } value && value.ValueKind != JsonValueKind.Undefined)
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                values.AddRange(value.EnumerateArray());
            }
            else
            {
                values.Add(value);
            }
        }

        switch (op)
        {
            case FilterOperator.IsSet or FilterOperator.IsNotSet:
                return new ValuePredicate(op, null);
            case FilterOperator.Exact or FilterOperator.IsNot:
                {
                    if (values.Count == 0)
                    {
                        return QueryErrors.BadFilter(field, $"The filter on '{filter.Key}' needs a value (or a list of values) to compare with.");
                    }

                    var predicate = new ValuePredicate(op, null);
                    foreach (var v in values)
                    {
                        if (!predicate.TryAddExact(v))
                        {
                            return QueryErrors.BadFilter(field, $"The filter on '{filter.Key}' compares with strings, numbers or booleans, not {v.ValueKind.ToString().ToLowerInvariant()}.");
                        }
                    }

                    return predicate;
                }

            case FilterOperator.IContains or FilterOperator.NotIContains:
                {
                    var needles = values.Select(TextOf).ToArray();
                    if (needles.Length == 0 || needles.Any(n => n is null))
                    {
                        return QueryErrors.BadFilter(field, $"The filter on '{filter.Key}' needs a text (or a list of texts) to look for.");
                    }

                    return new ValuePredicate(op, null, needles!);
                }

            case FilterOperator.Regex or FilterOperator.NotRegex:
                {
                    if (values.Count != 1 || values[0].ValueKind != JsonValueKind.String)
                    {
                        return QueryErrors.BadFilter(field, $"The regex filter on '{filter.Key}' needs one pattern (a string).");
                    }

                    try
                    {
                        // Non-backtracking: linear time whatever the pattern, so a query cannot hang the server.
                        return new ValuePredicate(op, new Regex(values[0].GetString()!, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
                    }
                    catch (Exception e) when (e is ArgumentException or NotSupportedException)
                    {
                        return QueryErrors.BadFilter(field, $"'{values[0].GetString()}' is not a supported regular expression: {e.Message}");
                    }
                }

            case FilterOperator.Gt or FilterOperator.Gte or FilterOperator.Lt or FilterOperator.Lte:
                {
                    if (values.Count != 1 || NumberOf(values[0]) is not { } bound)
                    {
                        return QueryErrors.BadFilter(field, $"The filter on '{filter.Key}' needs one number to compare with.");
                    }

                    return op switch
                    {
                        FilterOperator.Gt => new ValuePredicate(op, bound, false, double.PositiveInfinity, true),
                        FilterOperator.Gte => new ValuePredicate(op, bound, true, double.PositiveInfinity, true),
                        FilterOperator.Lt => new ValuePredicate(op, double.NegativeInfinity, true, bound, false),
                        _ => new ValuePredicate(op, double.NegativeInfinity, true, bound, true),
                    };
                }

            case FilterOperator.Between or FilterOperator.NotBetween:
                {
                    if (values.Count != 2 || NumberOf(values[0]) is not { } low || NumberOf(values[1]) is not { } high)
                    {
                        return QueryErrors.BadFilter(field, $"The filter on '{filter.Key}' needs two numbers, [low, high].");
                    }

                    return new ValuePredicate(op, low, true, high, true);
                }

            default:
                return QueryErrors.BadFilter(field, $"The operator '{filter.Operator}' does not apply to properties.");
        }
    }

    /// <summary>Whether a string value (or nested JSON text) passes.</summary>
    public bool TestText(string text) => Negated ^ PositiveText(text);

    /// <summary>Whether a number value passes.</summary>
    public bool TestNumber(double number) => Negated ^ PositiveNumber(number);

    /// <summary>Whether a value of <paramref name="kind"/> passes; <paramref name="text"/> and <paramref name="number"/> hold it for strings, JSON and numbers.</summary>
    public bool Test(PropertyValueKind kind, string? text, double number) => kind switch
    {
        PropertyValueKind.Missing => MatchesMissing,
        PropertyValueKind.Null => MatchesMissing,
        _ when Operator == FilterOperator.IsSet => true,
        _ when Operator == FilterOperator.IsNotSet => false,
        PropertyValueKind.Number => TestNumber(number),
        PropertyValueKind.True => TestText("true"),
        PropertyValueKind.False => TestText("false"),
        _ => TestText(text ?? string.Empty),
    };

    /// <summary>Whether a true (or false) value passes.</summary>
    public bool TestBoolean(bool value) => Test(value ? PropertyValueKind.True : PropertyValueKind.False, null, 0);

    /// <summary>Whether a JSON null passes (only the negative operators and <c>is_not_set</c> accept it).</summary>
    public bool TestNull() => Test(PropertyValueKind.Null, null, 0);

    /// <summary>The shortest invariant text of a number (<c>5</c>, <c>9.5</c>), which is how numbers compare with strings.</summary>
    public static string NumberText(double number) => number.ToString("R", CultureInfo.InvariantCulture);

    private bool PositiveText(string text)
    {
        switch (Operator)
        {
            case FilterOperator.Exact or FilterOperator.IsNot:
                return _texts.Contains(text);
            case FilterOperator.IContains or FilterOperator.NotIContains:
                foreach (var needle in _needles)
                {
                    if (text.Contains(needle, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }

                return false;
            case FilterOperator.Regex or FilterOperator.NotRegex:
                return _regex!.IsMatch(text);
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && InBounds(parsed);
        }
    }

    private bool PositiveNumber(double number) => Operator switch
    {
        FilterOperator.Exact or FilterOperator.IsNot => _numbers.Contains(number),
        FilterOperator.IContains or FilterOperator.NotIContains or FilterOperator.Regex or FilterOperator.NotRegex => PositiveText(NumberText(number)),
        _ => InBounds(number),
    };

    private bool InBounds(double x) =>
        !double.IsNaN(x)
        && (_lowInclusive ? x >= _low : x > _low)
        && (_highInclusive ? x <= _high : x < _high);

    private bool TryAddExact(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                _texts.Add(text);
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    _numbers.Add(parsed);
                }

                return true;
            case JsonValueKind.Number:
                var number = value.GetDouble();
                _numbers.Add(number);
                _texts.Add(NumberText(number));
                return true;
            case JsonValueKind.True or JsonValueKind.False:
                _texts.Add(value.ValueKind == JsonValueKind.True ? "true" : "false");
                return true;
            default:
                return false;
        }
    }

    private static string? TextOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => NumberText(value.GetDouble()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static double? NumberOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
