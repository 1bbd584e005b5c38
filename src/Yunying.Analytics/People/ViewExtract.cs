using System.Numerics;
using System.Text.Json;
using Yunying.Analytics.Capture;
using Yunying.Analytics.Storage;
using Yunying.Events.Reading;

namespace Yunying.Analytics.People;

/// <summary>
/// What identity resolution needs from one segment view: its identity changes, person-property operations
/// (grouped by property key), group operations and group memberships. Reading rows only where the reserved
/// keys' bitmaps are set keeps this proportional to the identity traffic, not to the events. Sealed segments
/// never change, so their extracts are cached for as long as the segment lives.
/// </summary>
internal sealed class ViewExtract
{
    private ViewExtract(
        IdentityOp[] identity, Dictionary<string, PersonOp[]> ops, PersonOp[] deletes, GroupOp[] groups, GroupMembership[] memberships)
    {
        Identity = identity;
        OpsByKey = ops;
        ProfileDeletes = deletes;
        Groups = groups;
        Memberships = memberships;
    }

    public IdentityOp[] Identity { get; }

    /// <summary>Person-property operations by property key, in row order (the fold sorts them).</summary>
    public Dictionary<string, PersonOp[]> OpsByKey { get; }

    /// <summary>Profile deletions (they apply to every key).</summary>
    public PersonOp[] ProfileDeletes { get; }

    public GroupOp[] Groups { get; }

    public GroupMembership[] Memberships { get; }

    public static ViewExtract Read(ProjectSnapshot snapshot, SegmentView view)
    {
        var reader = new Reader(snapshot, view);
        return reader.Run();
    }

    private sealed class Reader(ProjectSnapshot snapshot, SegmentView view)
    {
        private readonly Dictionary<int, List<(string Key, PropertyValueKind Kind, double Number, string? Text)>> _parsed = [];
        private readonly Dictionary<string, List<PersonOp>> _ops = new(StringComparer.Ordinal);
        private readonly List<PersonOp> _deletes = [];
        private readonly List<IdentityOp> _identity = [];
        private readonly List<GroupOp> _groups = [];
        private readonly HashSet<GroupMembership> _memberships = [];

        public ViewExtract Run()
        {
            ReadIdentity();
            ReadPersonOps(StoredProperties.Set, PersonOpKind.Set);
            ReadPersonOps(StoredProperties.SetOnce, PersonOpKind.SetOnce);
            ReadPersonOps(StoredProperties.Increment, PersonOpKind.Increment);
            ReadPersonOps(StoredProperties.Append, PersonOpKind.Append);
            ReadUnset();
            ReadGroupMemberships();
            var ops = new Dictionary<string, PersonOp[]>(_ops.Count, StringComparer.Ordinal);
            foreach (var (key, list) in _ops)
            {
                ops[key] = [.. list];
            }

            return new ViewExtract([.. _identity], ops, [.. _deletes], [.. _groups], [.. _memberships]);
        }

        private bool Column(string key, out PropertyColumn column)
        {
            column = default;
            return snapshot.PropertyKeys.TryGetId(key, out var keyId) && view.TryGetProperty(keyId, out column);
        }

        private string? JsonAt(string key, int row) =>
            Column(key, out var column) && PropertyColumn.IsSet(column.JsonBits, row) ? snapshot.PropertyValues[column.StringIds[row]] : null;

        private void ReadIdentity()
        {
            // Candidate rows: any with an identity operation, an anonymous id, an alias or a group type.
            var words = (view.RowCount + 63) >> 6;
            var candidates = new ulong[words];
            var any = false;
            foreach (var key in (ReadOnlySpan<string>)[StoredProperties.IdentityOperation, StoredProperties.AnonymousDistinctId, StoredProperties.Alias, StoredProperties.GroupType])
            {
                if (Column(key, out var column))
                {
                    Or(candidates, column.StringBits);
                    any = true;
                }
            }

            if (!any)
            {
                return;
            }

            // Column at a time: each reserved key's column is looked up once, then read at every candidate row.
            var rows = Rows(candidates, view.RowCount);
            var operations = Strings(StoredProperties.IdentityOperation, rows);
            var anonymousIds = Strings(StoredProperties.AnonymousDistinctId, rows);
            var aliases = Strings(StoredProperties.Alias, rows);
            var groupTypes = Strings(StoredProperties.GroupType, rows);
            var groupKeys = Strings(StoredProperties.GroupKey, rows);
            var eventIds = view.EventIds;
            var timestamps = view.Timestamps;
            var distinct = view.DistinctOrdinals;
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                var name = snapshot.EventNames[eventIds[row]];
                var ts = timestamps[row];
                var who = distinct[row];
                IdentityKind? kind = operations[i] switch
                {
                    "identify" => IdentityKind.Identify,
                    "alias" => IdentityKind.Alias,
                    "groupidentify" => IdentityKind.GroupIdentify,
                    "bind" => IdentityKind.Bind,
                    "unbind" => IdentityKind.Unbind,
                    "deleteprofile" => IdentityKind.DeleteProfile,
                    null when name == "$identify" => IdentityKind.Identify,
                    null when name == "$create_alias" => IdentityKind.Alias,
                    null when name == "$groupidentify" => IdentityKind.GroupIdentify,
                    _ => null,
                };
                switch (kind)
                {
                    case IdentityKind.Identify when anonymousIds[i] is { } anonymous && DistinctIds.IsUsable(anonymous, int.MaxValue):
                        _identity.Add(new IdentityOp(ts, row, who, IdentityKind.Identify, [anonymous]));
                        break;
                    case IdentityKind.Alias when aliases[i] is { } alias && DistinctIds.IsUsable(alias, int.MaxValue):
                        _identity.Add(new IdentityOp(ts, row, who, IdentityKind.Alias, [alias]));
                        break;
                    case IdentityKind.Bind or IdentityKind.Unbind:
                        _identity.Add(new IdentityOp(ts, row, who, kind.Value, IdentityValues(JsonAt(StoredProperties.Identities, row))));
                        break;
                    case IdentityKind.DeleteProfile:
                        _deletes.Add(new PersonOp(ts, row, who, PersonOpKind.DeleteProfile, PropertyValueKind.Missing, 0, null));
                        break;
                    case IdentityKind.GroupIdentify when groupTypes[i] is { Length: > 0 } type && groupKeys[i] is { Length: > 0 } key:
                        _groups.Add(new GroupOp(ts, row, who, type, key, JsonAt(StoredProperties.GroupSet, row)));
                        if (snapshot.DistinctIds[who] != $"${type}_{key}")
                        {
                            _memberships.Add(new GroupMembership(who, type, key));
                        }

                        break;
                }
            }
        }

        /// <summary>The string value of <paramref name="key"/> at each of <paramref name="rows"/> (null where it is not a string).</summary>
        private string?[] Strings(string key, List<int> rows)
        {
            var values = new string?[rows.Count];
            if (!Column(key, out var column) || column.StringBits.IsEmpty)
            {
                return values;
            }

            var bits = column.StringBits;
            var ids = column.StringIds;
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                if (PropertyColumn.IsSet(bits, row))
                {
                    values[i] = snapshot.PropertyValues[ids[row]];
                }
            }

            return values;
        }

        private static string[] IdentityValues(string? json)
        {
            if (json is null)
            {
                return [];
            }

            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            var values = new List<string>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String && DistinctIds.IsUsable(property.Value.GetString(), int.MaxValue))
                {
                    values.Add(property.Value.GetString()!);
                }
            }

            return [.. values];
        }

        private void ReadPersonOps(string reservedKey, PersonOpKind op)
        {
            if (!Column(reservedKey, out var column) || column.JsonBits.IsEmpty)
            {
                return;
            }

            var timestamps = view.Timestamps;
            var distinct = view.DistinctOrdinals;
            var ids = column.StringIds;
            foreach (var row in Rows(column.JsonBits, view.RowCount))
            {
                foreach (var (key, kind, number, text) in Parse(ids[row]))
                {
                    Add(key, new PersonOp(timestamps[row], row, distinct[row], op, kind, number, text));
                }
            }
        }

        private void ReadUnset()
        {
            if (!Column(StoredProperties.Unset, out var column))
            {
                return;
            }

            var timestamps = view.Timestamps;
            var distinct = view.DistinctOrdinals;
            var ids = column.StringIds;
            var bits = new ulong[(view.RowCount + 63) >> 6];
            Or(bits, column.JsonBits);
            Or(bits, column.StringBits);
            foreach (var row in Rows(bits, view.RowCount))
            {
                var text = snapshot.PropertyValues[ids[row]];
                IEnumerable<string> names = PropertyColumn.IsSet(column.StringBits, row) ? [text] : UnsetNames(text);
                foreach (var name in names)
                {
                    Add(name, new PersonOp(timestamps[row], row, distinct[row], PersonOpKind.Unset, PropertyValueKind.Missing, 0, null));
                }
            }
        }

        private static List<string> UnsetNames(string json)
        {
            using var document = JsonDocument.Parse(json);
            var names = new List<string>();
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in root.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        names.Add(item.GetString()!);
                    }
                }
            }
            else if (root.ValueKind == JsonValueKind.Object)
            {
                // Sensors profile_unset sends {"name": true}.
                foreach (var property in root.EnumerateObject())
                {
                    names.Add(property.Name);
                }
            }

            return names;
        }

        private void ReadGroupMemberships()
        {
            if (!Column("$groups", out var column) || column.JsonBits.IsEmpty)
            {
                return;
            }

            var distinct = view.DistinctOrdinals;
            var ids = column.StringIds;
            var seen = new HashSet<(int, int)>();
            foreach (var row in Rows(column.JsonBits, view.RowCount))
            {
                if (!seen.Add((distinct[row], ids[row])))
                {
                    continue;
                }

                using var document = JsonDocument.Parse(snapshot.PropertyValues[ids[row]]);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    var key = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Number => property.Value.GetRawText(),
                        _ => null,
                    };
                    if (!string.IsNullOrEmpty(key))
                    {
                        _memberships.Add(new GroupMembership(distinct[row], property.Name, key));
                    }
                }
            }
        }

        private void Add(string key, PersonOp op)
        {
            if (!_ops.TryGetValue(key, out var list))
            {
                list = [];
                _ops[key] = list;
            }

            list.Add(op);
        }

        private List<(string Key, PropertyValueKind Kind, double Number, string? Text)> Parse(int valueId)
        {
            if (_parsed.TryGetValue(valueId, out var parsed))
            {
                return parsed;
            }

            parsed = [];
            using (var document = JsonDocument.Parse(snapshot.PropertyValues[valueId]))
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        var value = property.Value;
                        parsed.Add(value.ValueKind switch
                        {
                            JsonValueKind.String => (property.Name, PropertyValueKind.String, 0, value.GetString()),
                            JsonValueKind.Number => (property.Name, PropertyValueKind.Number, value.GetDouble(), null),
                            JsonValueKind.True => (property.Name, PropertyValueKind.True, 0, null),
                            JsonValueKind.False => (property.Name, PropertyValueKind.False, 0, null),
                            JsonValueKind.Null => (property.Name, PropertyValueKind.Null, 0, null),
                            _ => (property.Name, PropertyValueKind.Json, 0, value.GetRawText()),
                        });
                    }
                }
            }

            _parsed[valueId] = parsed;
            return parsed;
        }
    }

    private static void Or(Span<ulong> target, ReadOnlySpan<ulong> bits)
    {
        var n = Math.Min(target.Length, bits.Length);
        for (var i = 0; i < n; i++)
        {
            target[i] |= bits[i];
        }
    }

    /// <summary>The rows whose bit is set, below <paramref name="rowCount"/>, ascending.</summary>
    private static List<int> Rows(ReadOnlySpan<ulong> bits, int rowCount)
    {
        var rows = new List<int>();
        var words = Math.Min(bits.Length, (rowCount + 63) >> 6);
        for (var w = 0; w < words; w++)
        {
            var word = bits[w];
            while (word != 0)
            {
                var row = (w << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                if (row < rowCount)
                {
                    rows.Add(row);
                }
            }
        }

        return rows;
    }
}
