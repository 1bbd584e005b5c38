namespace Yunying.Analytics.Query.Paths;

/// <summary>
/// Walks persons' rows into paths and tallies them (one instance per worker; each person is walked by one).
/// A person's rows are ordered by time, then step code (so events at one instant follow name order); rows
/// further apart than the session gap start a new session; a step equal to the one before is folded into it
/// (keeping the later time, as PostHog does); each session then gives at most one path, cut to the step limit
/// around the start and end points.
/// </summary>
internal sealed class PathWalk
{
    private readonly PathShape _shape;
    private int[] _codes = new int[64];
    private long[] _times = new long[64];
    private readonly int[] _path;
    private readonly long[] _pathTimes;

    public PathWalk(PathShape shape)
    {
        _shape = shape;
        _path = new int[shape.StepLimit];
        _pathTimes = new long[shape.StepLimit];
        Nodes = new PathCells((long)shape.StepLimit * shape.Width);
        Links = new PathCells((long)shape.StepLimit * shape.Width * shape.Width);
    }

    /// <summary>Node key <c>step0 × width + code</c>.</summary>
    public PathCells Nodes { get; }

    /// <summary>Link key <c>source node key × width + target code</c> (the target is at the next step).</summary>
    public PathCells Links { get; }

    public long Paths { get; private set; }

    public long Persons { get; private set; }

    /// <summary>Walks one person's rows (reordered in place).</summary>
    public void Person(int person, Span<long> times, Span<int> codes)
    {
        Order(times, codes);
        var stamp = person + 1;
        var gap = _shape.GapMicros;
        var any = false;
        long last = 0;

        // Locals, not fields, in the loop: the JIT need not reload them after every store.
        var sessionCodes = _codes;
        var sessionTimes = _times;
        var length = 0;
        for (var i = 0; i < codes.Length; i++)
        {
            var code = codes[i];
            if (code < 0)
            {
                continue;
            }

            var time = times[i];
            if (length > 0 && time - last > gap)
            {
                any |= Session(length, stamp);
                length = 0;
            }

            last = time;
            if (length > 0 && sessionCodes[length - 1] == code)
            {
                sessionTimes[length - 1] = time;
                continue;
            }

            if (length == sessionCodes.Length)
            {
                Array.Resize(ref _codes, length * 2);
                Array.Resize(ref _times, length * 2);
                sessionCodes = _codes;
                sessionTimes = _times;
            }

            sessionCodes[length] = code;
            sessionTimes[length] = time;
            length++;
        }

        if (length > 0)
        {
            any |= Session(length, stamp);
        }

        if (any)
        {
            Persons++;
        }
    }

    /// <summary>Adds another worker's tallies.</summary>
    public void Add(PathWalk other)
    {
        Nodes.Add(other.Nodes);
        Links.Add(other.Links);
        Paths += other.Paths;
        Persons += other.Persons;
    }

    /// <summary>Sorts by (time, code) unless already so: sort by time, then order each run of equal times by code.</summary>
    internal static void Order(Span<long> times, Span<int> codes)
    {
        var sorted = true;
        for (var i = 1; i < times.Length; i++)
        {
            if (times[i] < times[i - 1] || (times[i] == times[i - 1] && codes[i] < codes[i - 1]))
            {
                sorted = false;
                break;
            }
        }

        if (sorted)
        {
            return;
        }

        times.Sort(codes);
        var start = 0;
        for (var i = 1; i <= times.Length; i++)
        {
            if (i == times.Length || times[i] != times[start])
            {
                if (i - start > 1)
                {
                    codes[start..i].Sort();
                }

                start = i;
            }
        }
    }

    /// <summary>Turns the session (the first <paramref name="m"/> buffered steps) into a path and tallies it; false when it has no path.</summary>
    private bool Session(int m, int stamp)
    {
        var shape = _shape;
        var limit = shape.StepLimit;
        var codes = _codes.AsSpan(0, m);
        int length;
        bool ends;
        if (shape.StartCode >= 0 && shape.EndCode >= 0)
        {
            var i = codes.IndexOf(shape.StartCode);
            var j = i < 0 ? -1 : codes[i..].IndexOf(shape.EndCode);
            if (j < 0)
            {
                return false;
            }

            j += i;
            ends = j == m - 1;
            var span = j - i + 1;
            if (span <= limit)
            {
                length = Copy(i, span, 0);
            }
            else
            {
                // The first steps, one node for the steps between, and the last steps (together the step limit).
                var tail = (limit - 1) / 2;
                var head = limit - 1 - tail;
                Copy(i, head, 0);
                _path[head] = shape.GapCode;
                _pathTimes[head] = _times[i + head];
                Copy(j - tail + 1, tail, head + 1);
                length = limit;
            }
        }
        else if (shape.EndCode >= 0)
        {
            var j = codes.IndexOf(shape.EndCode);
            if (j < 0)
            {
                return false;
            }

            var from = Math.Max(0, j - limit + 1);
            length = Copy(from, j - from + 1, 0);
            ends = j == m - 1;
        }
        else
        {
            var i = 0;
            if (shape.StartCode >= 0)
            {
                i = codes.IndexOf(shape.StartCode);
                if (i < 0)
                {
                    return false;
                }
            }

            length = Copy(i, Math.Min(limit, m - i), 0);
            ends = i + length == m;
        }

        Tally(length, ends, stamp);
        return true;
    }

    private int Copy(int from, int count, int to)
    {
        _codes.AsSpan(from, count).CopyTo(_path.AsSpan(to));
        _times.AsSpan(from, count).CopyTo(_pathTimes.AsSpan(to));
        return count;
    }

    private void Tally(int length, bool ends, int stamp)
    {
        Paths++;
        var width = _shape.Width;
        long previous = -1;
        for (var k = 0; k < length; k++)
        {
            var key = ((long)k * width) + _path[k];
            ref var node = ref Nodes[key];
            node.Paths++;
            if (node.Stamp != stamp)
            {
                node.Stamp = stamp;
                node.Persons++;
            }

            if (k == length - 1 && ends)
            {
                node.Extra++;
                if (node.ExtraStamp != stamp)
                {
                    node.ExtraStamp = stamp;
                    node.ExtraPersons++;
                }
            }

            if (k > 0)
            {
                ref var link = ref Links[(previous * width) + _path[k]];
                link.Paths++;
                link.Extra += _pathTimes[k] - _pathTimes[k - 1];
                if (link.Stamp != stamp)
                {
                    link.Stamp = stamp;
                    link.Persons++;
                }
            }

            previous = key;
        }
    }
}
