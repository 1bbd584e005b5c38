using System.Numerics;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Query;

/// <summary>
/// The persons with at least one row that passes a filter in a time range (and, optionally, falls in one
/// breakdown slot and has a numeric property): one parallel pass, for the drill-down of trends and stickiness.
/// </summary>
internal static class MatchingPersons
{
    /// <summary>Person ordinals (with repeats) of the matching rows.</summary>
    public static List<int> Find(
        QueryContext context,
        EventFilter filter,
        TimeRange range,
        NumericProperty? property = null,
        BreakdownValues? values = null,
        BreakdownSlots? slots = null,
        int slot = 0)
    {
        var found = new List<int>();
        var gate = new Lock();
        Parallel.ForEach(
            context.Snapshot.Segments,
            context.ParallelOptions,
            () => new Worker(),
            (segment, state, worker) =>
            {
                var rows = worker.Rows(segment.RowCount);
                if (filter.Evaluate(segment, range, rows) == 0)
                {
                    return worker;
                }

                var ordinals = segment.DistinctOrdinals;
                var codes = values is not null ? values.Bind(segment) : default;
                var column = default(PropertyColumn);
                var hasColumn = property is { KeyId: >= 0 } && segment.TryGetProperty(property.KeyId, out column);
                if (property is not null && !hasColumn)
                {
                    return worker;
                }

                var last = -1;
                for (var w = 0; w < rows.Length; w++)
                {
                    var bits = rows[w];
                    while (bits != 0)
                    {
                        var row = (w << 6) + BitOperations.TrailingZeroCount(bits);
                        bits &= bits - 1;
                        if (values is not null && slots!.SlotOf(codes.CodeAt(row)) != slot)
                        {
                            continue;
                        }

                        if (property is not null && !property.TryGet(column, row, out _))
                        {
                            continue;
                        }

                        // A person's rows are contiguous in a segment: skip the repeats cheaply.
                        var person = context.PersonOf(ordinals[row]);
                        if (person != last)
                        {
                            worker.Persons.Add(person);
                            last = person;
                        }
                    }
                }

                return worker;
            },
            worker =>
            {
                lock (gate)
                {
                    found.AddRange(worker.Persons);
                }
            });
        return found;
    }

    private sealed class Worker
    {
        private ulong[] _rows = [];

        public List<int> Persons { get; } = [];

        public Span<ulong> Rows(int rowCount)
        {
            var words = RowBits.Words(rowCount);
            if (_rows.Length < words)
            {
                _rows = new ulong[words];
            }

            return _rows.AsSpan(0, words);
        }
    }
}
