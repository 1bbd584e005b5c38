using System.Numerics;

namespace Yunying.Analytics.Query.Funnels;

/// <summary>
/// Finds each person's attempts and keeps the best one (and the best per trend interval). One per worker
/// thread: it owns scratch arrays sized to the largest person seen.
/// <para>An attempt starts at every first-step event in the period. Ordered funnels match each later step
/// to the earliest fitting event after the previous step's; the pointer of each step only moves forward
/// from one attempt to the next (a later start never matches a step earlier), so a person costs
/// O(events × steps) rather than one scan per attempt. Strict funnels look at the next events only.
/// Unordered funnels count the steps that distinct events can cover since the start (a bipartite
/// matching, grown one event at a time; when no event matches two steps it is the number of steps seen,
/// found with forward-only pointers again). With a link property the same runs per link value.</para>
/// </summary>
internal sealed class FunnelMatcher
{
    private const int NoStep = 32;

    private readonly FunnelPlan _plan;
    private readonly FunnelEvents _events;
    private readonly int _k;
    private readonly uint _stepBits;
    private readonly long _window;
    private readonly long _rangeTo;
    private readonly (int From, int To)[] _exclusions;
    private readonly TieOrder _tieOrder;
    private readonly int[] _pos;
    private readonly int[] _bestPos;
    private readonly int[] _ptr;
    private readonly int[] _candidates;
    private readonly int[] _stepEvent;
    private readonly int[] _bucketR;
    private readonly int[] _bucketReach;
    private readonly int[] _bucketEntry;
    private readonly int[] _bucketCode;
    private readonly List<int> _touched = [];

    // The current person's rows in order: either the flat columns at offset _o, or the scratch copies at 0.
    private long[] _t = [];
    private uint[] _m = [];
    private int[]? _l;
    private int[]? _c;
    private int _o;
    private int _n;

    private long[] _scratchT = new long[64];
    private uint[] _scratchM = new uint[64];
    private int[] _scratchL = new int[64];
    private int[] _scratchC = new int[64];
    private int[] _order = new int[64];
    private int[] _seq = new int[64];
    private long[] _keys = new long[64];
    private int[] _prefix = new int[64];

    private int _bestR;
    private int _bestReach;
    private int _bestEntry;

    public FunnelMatcher(FunnelPlan plan, FunnelEvents events)
    {
        _plan = plan;
        _events = events;
        _k = plan.StepCount;
        _stepBits = plan.StepBits;
        _window = plan.WindowMicros;
        _rangeTo = plan.Range.To;
        _exclusions = plan.Exclusions;
        _tieOrder = new TieOrder(plan, events);
        _pos = new int[_k];
        _bestPos = new int[_k];
        _ptr = new int[_k];
        _candidates = new int[_k];
        _stepEvent = new int[_k];
        var buckets = plan.Trend?.Count ?? 0;
        _bucketR = new int[buckets];
        _bucketReach = new int[buckets];
        _bucketEntry = new int[buckets];
        _bucketCode = new int[buckets];
    }

    /// <summary>Matches every person in [<paramref name="from"/>, <paramref name="to"/>) and appends their outcomes.</summary>
    public void MatchRange(int from, int to, FunnelOutcomes output, CancellationToken cancellationToken)
    {
        for (var person = from; person < to; person++)
        {
            if ((person & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            Match(person, output);
        }
    }

    private void Match(int person, FunnelOutcomes output)
    {
        var start = _events.Start[person];
        var n = _events.Start[person + 1] - start;
        if (n == 0)
        {
            return;
        }

        if (OnlyFirstSteps(start, n, output, person))
        {
            return;
        }

        Load(start, n);
        _bestR = 0;
        if (_exclusions.Length > 0)
        {
            BuildPrefix();
        }

        switch (_plan.Order)
        {
            case FunnelOrder.Strict:
                MatchStrict();
                break;
            case FunnelOrder.Ordered:
                ForEachGroup(ordered: true);
                break;
            default:
                ForEachGroup(ordered: false);
                break;
        }

        if (_bestR > 0)
        {
            var times = output.Add(person, _bestR, CodeOf(_bestPos, _bestR));
            for (var k = 0; k < _bestR; k++)
            {
                times[k] = T(_bestPos[k]);
            }
        }

        foreach (var bucket in _touched)
        {
            output.AddTrend(bucket, _bucketCode[bucket], _bucketR[bucket]);
            _bucketR[bucket] = 0;
        }

        _touched.Clear();
    }

    /// <summary>
    /// Most persons only ever do the first step (a funnel that starts with a page view): every attempt of theirs
    /// reaches one step, so the best is their earliest entry (ties by the tie order), found without ordering
    /// their rows. Exclusions and trends take the general path.
    /// </summary>
    private bool OnlyFirstSteps(int start, int n, FunnelOutcomes output, int person)
    {
        if (_exclusions.Length > 0 || _plan.Trend is not null)
        {
            return false;
        }

        var masks = _events.Mask.AsSpan(start, n);
        uint any = 0;
        foreach (var mask in masks)
        {
            any |= mask;
        }

        if ((any & _stepBits & ~1u) != 0)
        {
            return false;
        }

        var times = _events.Time;
        var links = _events.Link;
        var first = -1;
        for (var i = start; i < start + n; i++)
        {
            if ((_events.Mask[i] & 1) == 0 || times[i] >= _rangeTo || (links is not null && links[i] == BreakdownValues.None))
            {
                continue;
            }

            if (first < 0 || times[i] < times[first] || (times[i] == times[first] && _tieOrder.Compare(i, first) < 0))
            {
                first = i;
            }
        }

        if (first >= 0)
        {
            output.Add(person, 1, CodeOfEntry(first))[0] = times[first];
        }

        return true;
    }

    private long T(int i) => _t[_o + i];

    private uint M(int i) => _m[_o + i];

    private int L(int i) => _l![_o + i];

    /// <summary>Points at the person's rows, copying them in event order when the segments' order is not already it.</summary>
    private void Load(int start, int n)
    {
        _n = n;
        var sorted = true;
        for (var i = start + 1; i < start + n; i++)
        {
            if (_tieOrder.Compare(i - 1, i) > 0)
            {
                sorted = false;
                break;
            }
        }

        if (sorted)
        {
            _t = _events.Time;
            _m = _events.Mask;
            _l = _events.Link;
            _c = _events.Code;
            _o = start;
            return;
        }

        if (_order.Length < n)
        {
            var size = (int)BitOperations.RoundUpToPowerOf2((uint)n);
            _order = new int[size];
            _scratchT = new long[size];
            _scratchM = new uint[size];
            _scratchL = new int[size];
            _scratchC = new int[size];
        }

        var order = _order.AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            order[i] = start + i;
        }

        order.Sort(_tieOrder);
        for (var i = 0; i < n; i++)
        {
            var at = order[i];
            _scratchT[i] = _events.Time[at];
            _scratchM[i] = _events.Mask[at];
            if (_events.Link is { } link)
            {
                _scratchL[i] = link[at];
            }

            if (_events.Code is { } code)
            {
                _scratchC[i] = code[at];
            }
        }

        _t = _scratchT;
        _m = _scratchM;
        _l = _events.Link is null ? null : _scratchL;
        _c = _events.Code is null ? null : _scratchC;
        _o = 0;
    }

    /// <summary>Per exclusion, how many of its events come before each position.</summary>
    private void BuildPrefix()
    {
        var width = _n + 1;
        var need = width * _exclusions.Length;
        if (_prefix.Length < need)
        {
            _prefix = new int[(int)BitOperations.RoundUpToPowerOf2((uint)need)];
        }

        for (var j = 0; j < _exclusions.Length; j++)
        {
            var bit = 1u << (FunnelPlan.ExclusionShift + j);
            var row = _prefix.AsSpan(j * width, width);
            row[0] = 0;
            for (var i = 0; i < _n; i++)
            {
                row[i + 1] = row[i] + ((M(i) & bit) != 0 ? 1 : 0);
            }
        }
    }

    private void MatchStrict()
    {
        var linked = _l is not null;
        for (var p = 0; p < _n; p++)
        {
            if ((M(p) & 1) == 0 || T(p) >= _rangeTo || (linked && L(p) == BreakdownValues.None))
            {
                continue;
            }

            var deadline = T(p) + _window;
            _pos[0] = p;
            var r = 1;
            for (var k = 1; k < _k; k++)
            {
                var q = p + k;
                if (q >= _n || (M(q) & (1u << k)) == 0 || T(q) > deadline || (linked && L(q) != L(p)))
                {
                    break;
                }

                _pos[k] = q;
                r++;
            }

            Consider(r, deadline);
        }
    }

    /// <summary>Runs the ordered or unordered matching over each link group (everything is one group without a link property).</summary>
    private void ForEachGroup(bool ordered)
    {
        if (_seq.Length < _n)
        {
            var size = (int)BitOperations.RoundUpToPowerOf2((uint)_n);
            _seq = new int[size];
            _keys = new long[size];
        }

        var count = 0;
        if (_l is null)
        {
            for (var i = 0; i < _n; i++)
            {
                if ((M(i) & _stepBits) != 0)
                {
                    _seq[count++] = i;
                }
            }
        }
        else
        {
            for (var i = 0; i < _n; i++)
            {
                if ((M(i) & _stepBits) != 0 && L(i) != BreakdownValues.None)
                {
                    _keys[count++] = ((long)L(i) << 32) | (uint)i;
                }
            }

            var keys = _keys.AsSpan(0, count);
            keys.Sort();
            for (var i = 0; i < count; i++)
            {
                _seq[i] = (int)keys[i];
            }
        }

        var g0 = 0;
        while (g0 < count)
        {
            var g1 = g0 + 1;
            if (_l is not null)
            {
                var value = L(_seq[g0]);
                while (g1 < count && L(_seq[g1]) == value)
                {
                    g1++;
                }
            }
            else
            {
                g1 = count;
            }

            if (ordered)
            {
                SweepOrdered(g0, g1);
            }
            else
            {
                var single = true;
                for (var i = g0; i < g1 && single; i++)
                {
                    single = BitOperations.PopCount(M(_seq[i]) & _stepBits) == 1;
                }

                if (single)
                {
                    SweepUnordered(g0, g1);
                }
                else
                {
                    MatchUnordered(g0, g1);
                }
            }

            g0 = g1;
        }
    }

    private void SweepOrdered(int g0, int g1)
    {
        var seq = _seq;
        for (var k = 1; k < _k; k++)
        {
            _ptr[k] = g0;
        }

        for (var i = g0; i < g1; i++)
        {
            var p = seq[i];
            if ((M(p) & 1) == 0 || T(p) >= _rangeTo)
            {
                continue;
            }

            var deadline = T(p) + _window;
            _pos[0] = p;
            var r = 1;
            var previous = i;
            for (var k = 1; k < _k; k++)
            {
                var bit = 1u << k;
                var j = Math.Max(_ptr[k], previous + 1);
                while (j < g1 && (M(seq[j]) & bit) == 0)
                {
                    j++;
                }

                _ptr[k] = j;
                if (j >= g1 || T(seq[j]) > deadline)
                {
                    break;
                }

                _pos[k] = seq[j];
                r++;
                previous = j;
            }

            Consider(r, deadline);
        }
    }

    /// <summary>Unordered, every event matching one step: the steps reached are those whose next event falls in the window.</summary>
    private void SweepUnordered(int g0, int g1)
    {
        var seq = _seq;
        for (var k = 0; k < _k; k++)
        {
            _ptr[k] = g0;
        }

        for (var i = g0; i < g1; i++)
        {
            var p = seq[i];
            if (T(p) >= _rangeTo)
            {
                continue;
            }

            var deadline = T(p) + _window;
            var r = 0;
            for (var k = 0; k < _k; k++)
            {
                var bit = 1u << k;
                var j = Math.Max(_ptr[k], i);
                while (j < g1 && (M(seq[j]) & bit) == 0)
                {
                    j++;
                }

                _ptr[k] = j;
                if (j < g1 && T(seq[j]) <= deadline)
                {
                    // Insertion into the sorted candidates: at most 20 steps.
                    var at = r++;
                    var position = seq[j];
                    while (at > 0 && _pos[at - 1] > position)
                    {
                        _pos[at] = _pos[at - 1];
                        at--;
                    }

                    _pos[at] = position;
                }
            }

            Consider(r, deadline);
        }
    }

    /// <summary>Unordered with events that match several steps: a maximum matching of steps to events, grown event by event.</summary>
    private void MatchUnordered(int g0, int g1)
    {
        var seq = _seq;
        for (var i = g0; i < g1; i++)
        {
            var p = seq[i];
            if (T(p) >= _rangeTo)
            {
                continue;
            }

            var deadline = T(p) + _window;
            Array.Fill(_stepEvent, -1);
            var r = 0;
            for (var j = i; j < g1 && r < _k; j++)
            {
                var q = seq[j];
                if (T(q) > deadline)
                {
                    break;
                }

                var visited = 0u;
                if (Augment(q, ref visited))
                {
                    _pos[r++] = q;
                }
            }

            Consider(r, deadline);
        }
    }

    private bool Augment(int q, ref uint visited)
    {
        var steps = M(q) & _stepBits;
        while (steps != 0)
        {
            var s = BitOperations.TrailingZeroCount(steps);
            steps &= steps - 1;
            if ((visited & (1u << s)) != 0)
            {
                continue;
            }

            visited |= 1u << s;
            if (_stepEvent[s] < 0 || Augment(_stepEvent[s], ref visited))
            {
                _stepEvent[s] = q;
                return true;
            }
        }

        return false;
    }

    /// <summary>Keeps the attempt whose steps are in <c>_pos[0..r)</c> if no exclusion disqualifies it and it beats the best so far.</summary>
    private void Consider(int r, long deadline)
    {
        if (r == 0)
        {
            return;
        }

        for (var j = 0; j < _exclusions.Length; j++)
        {
            var (a, b) = _exclusions[j];
            if (r <= a)
            {
                continue;
            }

            var lo = _pos[a] + 1;
            var hi = r > b ? _pos[b] : EndOfWindow(deadline);
            var row = j * (_n + 1);
            if (hi > lo && _prefix[row + hi] - _prefix[row + lo] > 0)
            {
                return;
            }
        }

        var entry = _pos[0];
        var reach = _pos[r - 1];
        if (Better(r, reach, entry, _bestR, _bestReach, _bestEntry))
        {
            _bestR = r;
            _bestReach = reach;
            _bestEntry = entry;
            _pos.AsSpan(0, r).CopyTo(_bestPos);
        }

        if (_plan.Trend is { } trend)
        {
            var bucket = trend.IndexOf(T(entry));
            if (_bucketR[bucket] == 0)
            {
                _touched.Add(bucket);
            }

            if (Better(r, reach, entry, _bucketR[bucket], _bucketReach[bucket], _bucketEntry[bucket]))
            {
                _bucketR[bucket] = r;
                _bucketReach[bucket] = reach;
                _bucketEntry[bucket] = entry;
                _bucketCode[bucket] = CodeOf(_pos, r);
            }
        }
    }

    /// <summary>More steps; then the furthest step reached earlier; then the later start.</summary>
    private static bool Better(int r, int reach, int entry, int bestR, int bestReach, int bestEntry) =>
        r > bestR || (r == bestR && (reach < bestReach || (reach == bestReach && entry > bestEntry)));

    /// <summary>The first position after the window that ends at <paramref name="deadline"/>.</summary>
    private int EndOfWindow(long deadline)
    {
        int lo = 0, hi = _n;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (T(mid) <= deadline)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The breakdown code of a one-step outcome entered at <paramref name="row"/>: as <see cref="CodeOf"/> gives it when only step 0 was reached.</summary>
    private int CodeOfEntry(int row) =>
        _events.Code is not { } codes ? 0
        : _plan.Attribution == FunnelAttribution.Step && _plan.AttributionStep > 0 ? BreakdownValues.None
        : codes[row];

    private int CodeOf(int[] positions, int r)
    {
        if (_c is null)
        {
            return 0;
        }

        var at = _plan.Attribution switch
        {
            FunnelAttribution.FirstTouch => positions[0],
            FunnelAttribution.LastTouch => positions[r - 1],
            _ => r > _plan.AttributionStep ? positions[_plan.AttributionStep] : -1,
        };
        return at < 0 ? BreakdownValues.None : _c[_o + at];
    }

    /// <summary>
    /// The order of one person's events: time; at one instant, events matching an earlier step first (events
    /// matching no step last), then by step mask, then by link value and breakdown value text ("(none)" first).
    /// Events equal in all of these are interchangeable for every answer.
    /// </summary>
    private sealed class TieOrder(FunnelPlan plan, FunnelEvents events) : IComparer<int>
    {
        private readonly uint _stepBits = plan.StepBits;

        public int Compare(int x, int y)
        {
            var time = events.Time[x].CompareTo(events.Time[y]);
            if (time != 0)
            {
                return time;
            }

            var mx = events.Mask[x];
            var my = events.Mask[y];
            var rank = Rank(mx).CompareTo(Rank(my));
            if (rank != 0)
            {
                return rank;
            }

            var mask = mx.CompareTo(my);
            if (mask != 0)
            {
                return mask;
            }

            if (events.Link is { } link)
            {
                var byLink = Text(plan.Link!, link[x], link[y]);
                if (byLink != 0)
                {
                    return byLink;
                }
            }

            return events.Code is { } code ? Text(plan.Breakdown!, code[x], code[y]) : 0;
        }

        private int Rank(uint mask) => (mask & _stepBits) == 0 ? NoStep : BitOperations.TrailingZeroCount(mask & _stepBits);

        private static int Text(BreakdownValues values, int a, int b)
        {
            if (a == b)
            {
                return 0;
            }

            if (a == BreakdownValues.None || b == BreakdownValues.None)
            {
                return a == BreakdownValues.None ? -1 : 1;
            }

            return string.CompareOrdinal(values.Label(a), values.Label(b));
        }
    }
}
