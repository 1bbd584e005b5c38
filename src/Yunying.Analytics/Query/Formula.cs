using System.Globalization;
using Yunying.Core.Results;

namespace Yunying.Analytics.Query;

/// <summary>
/// An arithmetic formula over series letters (<c>A</c> is the first series): numbers, <c>+ - * /</c>,
/// unary minus and parentheses, e.g. <c>B/A</c> or <c>(A+B)*100</c>. Division by zero gives 0 (as in
/// PostHog's formulas), so one empty bucket does not blank a line.
/// </summary>
public sealed class Formula
{
    private readonly Node _root;

    private Formula(string text, Node root, int highestSeries)
    {
        Text = text;
        _root = root;
        HighestSeries = highestSeries;
    }

    public string Text { get; }

    /// <summary>The highest series index the formula refers to (-1 when it names none).</summary>
    public int HighestSeries { get; }

    /// <summary>Parses <paramref name="text"/> for a query with <paramref name="seriesCount"/> series.</summary>
    public static Result<Formula> Parse(string text, int seriesCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text, seriesCount);
        return parser.ParseAll();
    }

    /// <summary>The formula's value when series <c>i</c> has value <paramref name="series"/>(i).</summary>
    public double Evaluate(Func<int, double> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var value = _root.Evaluate(series);
        return double.IsFinite(value) ? value : 0;
    }

    private abstract class Node
    {
        public abstract double Evaluate(Func<int, double> series);
    }

    private sealed class Constant(double value) : Node
    {
        public override double Evaluate(Func<int, double> series) => value;
    }

    private sealed class SeriesRef(int index) : Node
    {
        public override double Evaluate(Func<int, double> series) => series(index);
    }

    private sealed class Negate(Node inner) : Node
    {
        public override double Evaluate(Func<int, double> series) => -inner.Evaluate(series);
    }

    private sealed class Binary(char op, Node left, Node right) : Node
    {
        public override double Evaluate(Func<int, double> series)
        {
            var a = left.Evaluate(series);
            var b = right.Evaluate(series);
            return op switch
            {
                '+' => a + b,
                '-' => a - b,
                '*' => a * b,
                _ => b == 0 ? 0 : a / b,
            };
        }
    }

    private sealed class Parser(string text, int seriesCount)
    {
        private int _position;
        private int _highest = -1;

        public Result<Formula> ParseAll()
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return QueryErrors.BadFormula("The formula is empty.");
            }

            var root = Expression();
            if (root.IsSuccess)
            {
                SkipSpaces();
                if (_position < text.Length)
                {
                    return QueryErrors.BadFormula($"Unexpected '{text[_position]}' at position {_position + 1} of the formula '{text}'.");
                }

                return new Formula(text, root.Value, _highest);
            }

            return root.Error;
        }

        private Result<Node> Expression()
        {
            var left = Term();
            while (left.IsSuccess && Peek() is '+' or '-')
            {
                var op = text[_position++];
                var right = Term();
                if (!right.IsSuccess)
                {
                    return right;
                }

                left = new Binary(op, left.Value, right.Value);
            }

            return left;
        }

        private Result<Node> Term()
        {
            var left = Factor();
            while (left.IsSuccess && Peek() is '*' or '/')
            {
                var op = text[_position++];
                var right = Factor();
                if (!right.IsSuccess)
                {
                    return right;
                }

                left = new Binary(op, left.Value, right.Value);
            }

            return left;
        }

        private Result<Node> Factor()
        {
            var c = Peek();
            if (c is null)
            {
                return QueryErrors.BadFormula($"The formula '{text}' ends too early.");
            }

            if (c == '-')
            {
                _position++;
                var inner = Factor();
                return inner.IsSuccess ? new Negate(inner.Value) : inner;
            }

            if (c == '(')
            {
                _position++;
                var inner = Expression();
                if (!inner.IsSuccess)
                {
                    return inner;
                }

                if (Peek() != ')')
                {
                    return QueryErrors.BadFormula($"A ')' is missing in the formula '{text}'.");
                }

                _position++;
                return inner;
            }

            if (char.IsAsciiLetter(c.Value))
            {
                var start = _position;
                while (_position < text.Length && char.IsAsciiLetterOrDigit(text[_position]))
                {
                    _position++;
                }

                var name = text[start.._position];
                if (name.Length != 1)
                {
                    return QueryErrors.BadFormula($"'{name}' in the formula is not a series letter (A for the first series, B for the second…).");
                }

                var index = char.ToUpperInvariant(name[0]) - 'A';
                if (index >= seriesCount)
                {
                    return QueryErrors.BadFormula($"The formula refers to series {name.ToUpperInvariant()}, but the query has {seriesCount} series.");
                }

                _highest = Math.Max(_highest, index);
                return new SeriesRef(index);
            }

            if (char.IsAsciiDigit(c.Value) || c == '.')
            {
                var start = _position;
                while (_position < text.Length && (char.IsAsciiDigit(text[_position]) || text[_position] == '.'))
                {
                    _position++;
                }

                return double.TryParse(text.AsSpan(start, _position - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                    ? new Constant(number)
                    : QueryErrors.BadFormula($"'{text[start.._position]}' in the formula is not a number.");
            }

            return QueryErrors.BadFormula($"Unexpected '{c}' at position {_position + 1} of the formula '{text}'.");
        }

        private char? Peek()
        {
            SkipSpaces();
            return _position < text.Length ? text[_position] : null;
        }

        private void SkipSpaces()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }
    }
}
