using System.Text.Json.Nodes;
using Yunying.Events.Reading;

namespace Yunying.Analytics.People;

/// <summary>What a person map knows beyond distinct → person: members, identities, groups and the operations that make person properties.</summary>
internal sealed class PeopleDetails(IdentityGraph graph, IReadOnlyList<ViewExtract> extracts)
{
    public IdentityGraph Graph { get; } = graph;

    public IReadOnlyList<ViewExtract> Extracts { get; } = extracts;

    /// <summary>Every person property key that any operation names.</summary>
    public IEnumerable<string> PropertyKeys => Extracts.SelectMany(e => e.OpsByKey.Keys).Distinct(StringComparer.Ordinal);

    /// <summary>Folds the operations on <paramref name="key"/> for every person.</summary>
    public PersonPropertyColumn FoldProperty(string key)
    {
        var count = Graph.PersonCount;
        var kinds = new PropertyValueKind[count];
        var strings = new string?[count];
        var numbers = new double[count];
        var map = Graph.DistinctToPerson;
        var ops = Collect(key);
        if (ops.All(static op => op.Op is PersonOpKind.Set or PersonOpKind.SetOnce or PersonOpKind.Unset or PersonOpKind.DeleteProfile))
        {
            FoldWithoutSorting(ops, map, kinds, strings, numbers);
        }
        else
        {
            ops.AsSpan().Sort(default(PersonOp.InOrder));
            foreach (var op in ops)
            {
                var p = map[op.Distinct];
                Apply(op, ref kinds[p], ref strings[p], ref numbers[p]);
            }
        }

        return new PersonPropertyColumn(key, kinds, strings, numbers);
    }

    /// <summary>
    /// The same result as applying set, set-once and clears in order, found without sorting: after a person's
    /// last clear, the latest set wins; without one, the earliest set-once.
    /// </summary>
    private static void FoldWithoutSorting(PersonOp[] ops, int[] map, PropertyValueKind[] kinds, string?[] strings, double[] numbers)
    {
        var count = kinds.Length;
        var clear = new int[count];
        var set = new int[count];
        var once = new int[count];
        Array.Fill(clear, -1);
        Array.Fill(set, -1);
        Array.Fill(once, -1);
        for (var i = 0; i < ops.Length; i++)
        {
            if (ops[i].Op is PersonOpKind.Unset or PersonOpKind.DeleteProfile)
            {
                var p = map[ops[i].Distinct];
                if (clear[p] < 0 || PersonOp.Compare(ops[i], ops[clear[p]]) > 0)
                {
                    clear[p] = i;
                }
            }
        }

        for (var i = 0; i < ops.Length; i++)
        {
            var op = ops[i];
            var p = map[op.Distinct];
            if (clear[p] >= 0 && PersonOp.Compare(op, ops[clear[p]]) < 0)
            {
                continue;
            }

            if (op.Op == PersonOpKind.Set && (set[p] < 0 || PersonOp.Compare(op, ops[set[p]]) > 0))
            {
                set[p] = i;
            }
            else if (op.Op == PersonOpKind.SetOnce && (once[p] < 0 || PersonOp.Compare(op, ops[once[p]]) < 0))
            {
                once[p] = i;
            }
        }

        for (var p = 0; p < count; p++)
        {
            var winner = set[p] >= 0 ? set[p] : once[p];
            if (winner >= 0)
            {
                kinds[p] = ops[winner].Kind;
                strings[p] = ops[winner].Text;
                numbers[p] = ops[winner].Number;
            }
        }
    }

    /// <summary>Every operation on <paramref name="key"/> (clears included), tagged with its arrival position, unsorted.</summary>
    private PersonOp[] Collect(string key)
    {
        var total = 0;
        foreach (var extract in Extracts)
        {
            total += (extract.OpsByKey.TryGetValue(key, out var keyed) ? keyed.Length : 0) + extract.ProfileDeletes.Length;
        }

        var ops = new PersonOp[total];
        var at = 0;
        for (var view = 0; view < Extracts.Count; view++)
        {
            var extract = Extracts[view];
            if (extract.OpsByKey.TryGetValue(key, out var keyed))
            {
                foreach (var op in keyed)
                {
                    ops[at++] = op with { Arrival = Arrivals.Of(view, op.Arrival) };
                }
            }

            foreach (var op in extract.ProfileDeletes)
            {
                ops[at++] = op with { Arrival = Arrivals.Of(view, op.Arrival) };
            }
        }

        return ops;
    }

    /// <summary>The current properties of one person, keys in ordinal order.</summary>
    public SortedDictionary<string, JsonNode?> Profile(int person)
    {
        var result = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var key in PropertyKeys)
        {
            PropertyValueKind kind = default;
            string? text = null;
            double number = 0;
            foreach (var op in Operations(key, person))
            {
                Apply(op, ref kind, ref text, ref number);
            }

            if (kind != PropertyValueKind.Missing)
            {
                result[key] = ToNode(kind, text, number);
            }
        }

        return result;
    }

    public static JsonNode? ToNode(PropertyValueKind kind, string? text, double number) => kind switch
    {
        PropertyValueKind.String => JsonValue.Create(text),
        PropertyValueKind.Number => JsonValue.Create(number),
        PropertyValueKind.True => JsonValue.Create(true),
        PropertyValueKind.False => JsonValue.Create(false),
        PropertyValueKind.Json => JsonNode.Parse(text!),
        _ => null,
    };

    /// <summary>The operations on <paramref name="key"/> (of one person, or of everyone when negative) in application order.</summary>
    private List<PersonOp> Operations(string key, int person)
    {
        var map = Graph.DistinctToPerson;
        var ops = new List<PersonOp>();
        for (var view = 0; view < Extracts.Count; view++)
        {
            var extract = Extracts[view];
            if (extract.OpsByKey.TryGetValue(key, out var keyed))
            {
                Collect(view, keyed, person, map, ops);
            }

            Collect(view, extract.ProfileDeletes, person, map, ops);
        }

        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ops).Sort(default(PersonOp.InOrder));
        return ops;
    }

    private static void Collect(int view, PersonOp[] source, int person, int[] map, List<PersonOp> target)
    {
        foreach (var op in source)
        {
            if (person < 0 || map[op.Distinct] == person)
            {
                target.Add(op with { Arrival = Arrivals.Of(view, op.Arrival) });
            }
        }
    }

    private static void Apply(PersonOp op, ref PropertyValueKind kind, ref string? text, ref double number)
    {
        switch (op.Op)
        {
            case PersonOpKind.DeleteProfile or PersonOpKind.Unset:
                kind = PropertyValueKind.Missing;
                text = null;
                number = 0;
                break;
            case PersonOpKind.SetOnce when kind != PropertyValueKind.Missing:
                break;
            case PersonOpKind.Set or PersonOpKind.SetOnce:
                kind = op.Kind;
                text = op.Text;
                number = op.Number;
                break;
            case PersonOpKind.Increment when op.Kind == PropertyValueKind.Number:
                if (kind == PropertyValueKind.Number)
                {
                    number += op.Number;
                }
                else if (kind == PropertyValueKind.Missing)
                {
                    kind = PropertyValueKind.Number;
                    number = op.Number;
                }

                break;
            case PersonOpKind.Append:
                var list = kind == PropertyValueKind.Json && JsonNode.Parse(text!) is JsonArray existing ? existing
                    : kind == PropertyValueKind.Missing ? [] : [ToNode(kind, text, number)];
                if (op.Kind == PropertyValueKind.Json && JsonNode.Parse(op.Text!) is JsonArray items)
                {
                    foreach (var item in items)
                    {
                        list.Add(item?.DeepClone());
                    }
                }
                else
                {
                    list.Add(ToNode(op.Kind, op.Text, op.Number));
                }

                kind = PropertyValueKind.Json;
                text = list.ToJsonString();
                number = 0;
                break;
        }
    }
}
