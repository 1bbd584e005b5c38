using System.Runtime.CompilerServices;
using Yunying.Analytics.People;
using Yunying.Core.Results;
using Yunying.Events.Reading;

namespace Yunying.Analytics.Query;

/// <summary>
/// Everything one query runs against: one consistent snapshot of the project's events, the person map of
/// that snapshot (every count of persons goes through it, so identity merges apply retroactively), the
/// project's calendar, the instant the query runs at, and the cohort hook.
/// </summary>
public sealed class QueryContext
{
    private readonly int[] _distinctToPerson;
    private long? _firstEvent;
    private bool _firstEventKnown;

    public QueryContext(
        ProjectSnapshot snapshot,
        PersonMap persons,
        ZonedCalendar calendar,
        long now,
        ICohortResolver? cohorts = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(persons);
        Snapshot = snapshot;
        Persons = persons;
        Calendar = calendar;
        Now = now;
        Cohorts = cohorts;
        CancellationToken = cancellationToken;
        _distinctToPerson = persons.DistinctToPerson.ToArray();
        PersonSpace = persons.PersonCount + Math.Max(0, snapshot.DistinctIds.Count - _distinctToPerson.Length);
        ParallelOptions = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
    }

    public ProjectSnapshot Snapshot { get; }

    public PersonMap Persons { get; }

    public ZonedCalendar Calendar { get; }

    /// <summary>When the query runs (UTC µs); relative dates are resolved against it.</summary>
    public long Now { get; }

    /// <summary>Resolves cohort membership; null until cohorts exist.</summary>
    public ICohortResolver? Cohorts { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Per-segment parallelism over every core, cancelled with the query.</summary>
    public ParallelOptions ParallelOptions { get; }

    /// <summary>
    /// Size of the person-ordinal space: the map's persons, plus one for each distinct id the map does not
    /// cover (each counts as its own person; a map built from this snapshot covers all).
    /// </summary>
    public int PersonSpace { get; }

    /// <summary>Person ordinal of a distinct ordinal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int PersonOf(int distinctOrdinal)
    {
        var map = _distinctToPerson;
        return (uint)distinctOrdinal < (uint)map.Length ? map[distinctOrdinal] : Persons.PersonCount + (distinctOrdinal - map.Length);
    }

    /// <summary>Person ordinal of each distinct ordinal (the map's array; index with <see cref="PersonOf"/> for ordinals beyond it).</summary>
    public ReadOnlySpan<int> DistinctToPerson => _distinctToPerson;

    /// <summary>The earliest event's timestamp (UTC µs), or null when the project has none.</summary>
    public long? FirstEvent
    {
        get
        {
            if (!_firstEventKnown)
            {
                long? first = null;
                foreach (var segment in Snapshot.Segments)
                {
                    if (segment.RowCount > 0 && (first is null || segment.MinTimestamp < first))
                    {
                        first = segment.MinTimestamp;
                    }
                }

                _firstEvent = first;
                _firstEventKnown = true;
            }

            return _firstEvent;
        }
    }

    /// <summary>Resolves a query's date range at <see cref="Now"/> in the project's time zone.</summary>
    public Result<TimeRange> ResolveRange(DateRange? range, string defaultFrom = DateRangeResolver.DefaultFrom) =>
        DateRangeResolver.Resolve(range, Calendar, Now, FirstEvent, defaultFrom);
}
