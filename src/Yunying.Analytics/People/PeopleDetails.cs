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
        foreach (var op in Operations(key, person: -1))
        {
            var p = map[op.Distinct];
            Apply(op, ref kinds[p], ref strings[p], ref numbers[p]);
        }

        return new PersonPropertyColumn(key, kinds, strings, numbers);
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

        ops.Sort(PersonOp.Compare);
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
