namespace Yunying.Analytics.Query.Funnels;

/// <summary>
/// What the matcher found, for one range of persons: each person's best attempt (steps reached, breakdown
/// code, the time of each step reached) and, with a trend, the best attempt per entry interval.
/// </summary>
internal sealed class FunnelOutcomes(int steps)
{
    private int[] _person = new int[256];
    private int[] _reached = new int[256];
    private int[] _code = new int[256];
    private long[] _times = new long[256 * steps];
    private int[] _trendBucket = [];
    private int[] _trendCode = [];
    private int[] _trendReached = [];

    public int Steps { get; } = steps;

    public int Count { get; private set; }

    public int TrendCount { get; private set; }

    public ReadOnlySpan<int> Person => _person.AsSpan(0, Count);

    /// <summary>Steps reached (1 … <see cref="Steps"/>).</summary>
    public ReadOnlySpan<int> Reached => _reached.AsSpan(0, Count);

    public ReadOnlySpan<int> Code => _code.AsSpan(0, Count);

    public ReadOnlySpan<int> TrendBucket => _trendBucket.AsSpan(0, TrendCount);

    public ReadOnlySpan<int> TrendCode => _trendCode.AsSpan(0, TrendCount);

    public ReadOnlySpan<int> TrendReached => _trendReached.AsSpan(0, TrendCount);

    /// <summary>The step times (UTC µs) of outcome <paramref name="i"/>; only the first <c>Reached[i]</c> are set.</summary>
    public ReadOnlySpan<long> Times(int i) => _times.AsSpan(i * Steps, Steps);

    /// <summary>Appends a person's outcome and returns where its step times go.</summary>
    public Span<long> Add(int person, int reached, int code)
    {
        if (Count == _person.Length)
        {
            var size = Count * 2;
            Array.Resize(ref _person, size);
            Array.Resize(ref _reached, size);
            Array.Resize(ref _code, size);
            Array.Resize(ref _times, size * Steps);
        }

        _person[Count] = person;
        _reached[Count] = reached;
        _code[Count] = code;
        var times = _times.AsSpan(Count * Steps, Steps);
        Count++;
        return times;
    }

    public void AddTrend(int bucket, int code, int reached)
    {
        if (TrendCount == _trendBucket.Length)
        {
            var size = Math.Max(256, TrendCount * 2);
            Array.Resize(ref _trendBucket, size);
            Array.Resize(ref _trendCode, size);
            Array.Resize(ref _trendReached, size);
        }

        _trendBucket[TrendCount] = bucket;
        _trendCode[TrendCount] = code;
        _trendReached[TrendCount] = reached;
        TrendCount++;
    }
}
