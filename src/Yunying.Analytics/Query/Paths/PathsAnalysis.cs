using Yunying.Core.Results;

namespace Yunying.Analytics.Query.Paths;

/// <summary>
/// Paths: when a start or end point is asked for, one pass marks the persons who have it in the period
/// (so the next pass gathers only their rows); one pass gathers (person, time, step) for the step rows and
/// groups them by person (<see cref="PathRows"/>); persons are then walked in parallel into paths and tallied
/// (<see cref="PathWalk"/>); the heaviest links are chosen as PostHog does.
/// </summary>
internal static class PathsAnalysis
{
    private const int MinSteps = 2;
    private const int MaxSteps = 10;
    private const int MaxGapMinutes = 24 * 60;
    private const int MaxEdges = 10_000;

    public static Result<AnalyticsResult> Run(PathsQuery query, QueryContext context)
    {
        var invalid = Validate(query);
        if (invalid is not null)
        {
            return invalid;
        }

        var range = context.ResolveRange(query.DateRange);
        if (!range.IsSuccess)
        {
            return range.Error;
        }

        var filter = EventFilter.Compile(context, null, query.Properties);
        if (!filter.IsSuccess)
        {
            return filter.Error;
        }

        var startPoint = Point(query.StartPoint);
        var endPoint = Point(query.EndPoint);
        var steps = PathSteps.Create(context.Snapshot, query.IncludeEventTypes, query.ExcludeEvents, query.PageviewProperty);

        // Only persons who reach the start (and end) point in the period can have a path.
        bool[]? persons = null;
        foreach (var point in new[] { startPoint, endPoint })
        {
            if (point is null)
            {
                continue;
            }

            var target = steps.TargetOf(point);
            var narrowed = EventFilter.Compile(context, target.EventName, query.Properties);
            if (!narrowed.IsSuccess)
            {
                return narrowed.Error;
            }

            var reaching = PathRows.PersonsReaching(context, narrowed.Value, range.Value, steps, target);
            if (persons is not null)
            {
                for (var p = 0; p < reaching.Length; p++)
                {
                    reaching[p] &= persons[p];
                }
            }

            persons = reaching;
        }

        context.CancellationToken.ThrowIfCancellationRequested();
        var rows = PathRows.Gather(context, filter.Value, range.Value, steps, persons);
        var startCode = Code(rows.Names, startPoint);
        var endCode = Code(rows.Names, endPoint);
        var shape = new PathShape(query.StepLimit, query.SessionGapMinutes * 60_000_000L, startCode, endCode, rows.Names.Length + 1);
        var total = new PathWalk(shape);
        if ((startPoint is null || startCode >= 0) && (endPoint is null || endCode >= 0))
        {
            Walk(context, rows, shape, total);
        }

        var (nodes, links) = Choose(query, shape, rows.Names, total);
        return new PathsResult
        {
            TimeZone = context.Calendar.ZoneId,
            From = context.Calendar.ToOffset(range.Value.From),
            To = context.Calendar.ToOffset(range.Value.To),
            StepLimit = query.StepLimit,
            StartPoint = startPoint,
            EndPoint = endPoint,
            SessionGapMinutes = query.SessionGapMinutes,
            Paths = total.Paths,
            Persons = total.Persons,
            Nodes = nodes,
            Links = links,
        };
    }

    private static Error? Validate(PathsQuery query)
    {
        if (query.StepLimit is < MinSteps or > MaxSteps)
        {
            return QueryErrors.Invalid("stepLimit", $"stepLimit is the number of steps per path, {MinSteps} to {MaxSteps}.");
        }

        if (Point(query.StartPoint) is not null && Point(query.EndPoint) is not null && query.StepLimit < 3)
        {
            return QueryErrors.Invalid("stepLimit", "With both a start and an end point, stepLimit is at least 3 (start, the steps between, end).");
        }

        if (query.SessionGapMinutes is < 1 or > MaxGapMinutes)
        {
            return QueryErrors.Invalid("sessionGapMinutes", $"sessionGapMinutes is 1 to {MaxGapMinutes}.");
        }

        if (query.EdgeLimit is < 1 or > MaxEdges)
        {
            return QueryErrors.Invalid("edgeLimit", $"edgeLimit is 1 to {MaxEdges}.");
        }

        if (query.MinEdgeWeight is < 0 || query.MaxEdgeWeight is < 0 || query.MinEdgeWeight > query.MaxEdgeWeight)
        {
            return QueryErrors.Invalid("minEdgeWeight", "minEdgeWeight and maxEdgeWeight are path counts, not negative, with min ≤ max.");
        }

        if (query.IncludeEventTypes?.Any(string.IsNullOrEmpty) == true)
        {
            return QueryErrors.Invalid("includeEventTypes", "includeEventTypes lists event names (or custom_event); none may be empty.");
        }

        return null;
    }

    private static string? Point(string? point) => string.IsNullOrEmpty(point) ? null : point;

    private static int Code(string[] names, string? name)
    {
        if (name is null)
        {
            return -1;
        }

        var index = Array.BinarySearch(names, name, StringComparer.Ordinal);
        return index >= 0 ? index : -1;
    }

    /// <summary>Walks every person with rows, in parallel over slices of about equal rows, and adds the tallies into <paramref name="total"/>.</summary>
    private static void Walk(QueryContext context, PathRows rows, PathShape shape, PathWalk total)
    {
        var starts = rows.Starts;
        var rowCount = starts[^1];
        if (rowCount == 0)
        {
            return;
        }

        var slices = new List<(int From, int To)>();
        var target = Math.Max(4096, rowCount / 256);
        var first = 0;
        for (var p = 0; p < rows.PersonCount; p++)
        {
            if (starts[p + 1] - starts[first] >= target)
            {
                slices.Add((first, p + 1));
                first = p + 1;
            }
        }

        if (first < rows.PersonCount)
        {
            slices.Add((first, rows.PersonCount));
        }

        var gate = new Lock();
        Parallel.ForEach(
            slices,
            context.ParallelOptions,
            () => new PathWalk(shape),
            (slice, _, walk) =>
            {
                for (var p = slice.From; p < slice.To; p++)
                {
                    var from = starts[p];
                    var count = starts[p + 1] - from;
                    if (count > 0)
                    {
                        walk.Person(p, rows.Times.AsSpan(from, count), rows.Codes.AsSpan(from, count));
                    }
                }

                return walk;
            },
            walk =>
            {
                lock (gate)
                {
                    total.Add(walk);
                }
            });
    }

    /// <summary>
    /// PostHog's choice: links by paths (most first; ties by source step, source name, target name), within the
    /// edge weights, the first <c>edgeLimit</c>; then only links whose source can be reached from step 1
    /// through the links kept. The nodes are those the links touch.
    /// </summary>
    private static (List<PathNode> Nodes, List<PathLink> Links) Choose(PathsQuery query, PathShape shape, string[] names, PathWalk total)
    {
        var width = shape.Width;
        var min = query.MinEdgeWeight ?? 0;
        var max = query.MaxEdgeWeight ?? long.MaxValue;
        var candidates = total.Links.Used()
            .Where(l => l.Cell.Paths >= min && l.Cell.Paths <= max)
            .OrderByDescending(l => l.Cell.Paths)
            .ThenBy(l => l.Key) // (source step, source code, target code); codes are in ordinal name order, the collapsed node last
            .Take(query.EdgeLimit)
            .ToList();

        var reachable = new HashSet<long>();
        var kept = new bool[candidates.Count];
        for (var step = 0; step < shape.StepLimit - 1; step++)
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                var source = candidates[i].Key / width;
                if (source / width != step || (step > 0 && !reachable.Contains(source)))
                {
                    continue;
                }

                kept[i] = true;
                reachable.Add(((step + 1) * (long)width) + (candidates[i].Key % width));
            }
        }

        var chosen = candidates.Where((_, i) => kept[i]).ToList();
        var nodeKeys = chosen.SelectMany(l => new[] { l.Key / width, ((l.Key / width / width) + 1) * width + (l.Key % width) }).Distinct().ToList();
        var nodeCells = nodeKeys.Select(key => (Key: key, Cell: total.Nodes[key]))
            .OrderBy(n => n.Key / width)
            .ThenByDescending(n => n.Cell.Paths)
            .ThenBy(n => n.Key % width)
            .ToList();
        var index = new Dictionary<long, int>();
        var nodes = new List<PathNode>(nodeCells.Count);
        foreach (var (key, cell) in nodeCells)
        {
            var code = (int)(key % width);
            index[key] = nodes.Count;
            nodes.Add(new PathNode
            {
                Step = (int)(key / width) + 1,
                Name = code == shape.GapCode ? "..." : names[code],
                Collapsed = code == shape.GapCode,
                Paths = cell.Paths,
                Persons = cell.Persons,
                DropOff = cell.Extra,
                DropOffPersons = cell.ExtraPersons,
            });
        }

        var links = chosen.Select(l => new PathLink
        {
            Source = index[l.Key / width],
            Target = index[((l.Key / width / width) + 1) * width + (l.Key % width)],
            Value = l.Cell.Paths,
            Persons = l.Cell.Persons,
            AverageSeconds = l.Cell.Extra / (double)l.Cell.Paths / 1_000_000,
        }).ToList();
        return (nodes, links);
    }
}
