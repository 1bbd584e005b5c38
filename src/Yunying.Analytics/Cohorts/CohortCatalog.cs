using System.Collections.Concurrent;
using Yunying.Analytics.People;
using Yunying.Analytics.Query;
using Yunying.Core.Results;
using Yunying.Events;

namespace Yunying.Analytics.Cohorts;

/// <summary>
/// Saved cohorts: kept in the state store through <see cref="ICohortStore"/>, held in memory per project once
/// read, and evaluated against the events whenever a query uses them (it is the <see cref="ICohortResolver"/>
/// that "in cohort" filters go through).
/// </summary>
public sealed class CohortCatalog(ICohortStore store, EventStore events, IPersonResolver persons, TimeProvider time) : ICohortResolver
{
    private const int MaxDepth = 8;
    private const int MaxSizePoints = 400;
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, CohortDefinition>> _projects = new();

    public async Task<IReadOnlyList<CohortDefinition>> ListAsync(Guid projectId, CancellationToken cancellationToken) =>
        [.. (await LoadAsync(projectId, cancellationToken)).Values.OrderBy(c => c.Name, StringComparer.CurrentCulture).ThenBy(c => c.Id)];

    public async Task<CohortDefinition?> FindAsync(Guid projectId, Guid cohortId, CancellationToken cancellationToken) =>
        (await LoadAsync(projectId, cancellationToken)).TryGetValue(cohortId, out var cohort) ? cohort : null;

    /// <summary>Checks and saves a new cohort (<paramref name="cohortId"/> null) or a changed one.</summary>
    public async Task<Result<CohortDefinition>> SaveAsync(Guid projectId, Guid? cohortId, CohortInput input, string timeZone, CancellationToken cancellationToken)
    {
        if (Check(input) is { } invalid)
        {
            return invalid;
        }

        var cohorts = await LoadAsync(projectId, cancellationToken);
        if (input.Query is { } query)
        {
            var ids = await PeopleIdsAsync(projectId, query, timeZone, cancellationToken);
            if (!ids.IsSuccess)
            {
                return ids.Error;
            }

            input = input with { Query = null, DistinctIds = ids.Value };
        }

        var now = time.GetUtcNow();
        CohortDefinition cohort;
        if (cohortId is { } id)
        {
            if (!cohorts.TryGetValue(id, out var existing))
            {
                return NotFound(id);
            }

            cohort = existing with { Name = input.Name.Trim(), Description = input.Description, Rule = input.Rule, DistinctIds = Ids(input), UpdatedAt = now };
        }
        else
        {
            cohort = new CohortDefinition(Guid.CreateVersion7(), projectId, input.Name.Trim(), input.Description, input.Rule, Ids(input), now, now);
        }

        // Evaluate once before saving, so a rule that cannot run (unknown operator, a loop of cohorts) is refused now.
        var context = await ContextAsync(projectId, timeZone, cancellationToken);
        if (!context.IsSuccess)
        {
            return context.Error;
        }

        var members = Evaluate(cohort, context.Value, 0, cohorts.SetItem(cohort.Id, cohort));
        if (!members.IsSuccess)
        {
            return members.Error;
        }

        await store.SaveAsync(cohort, cancellationToken);
        cohorts[cohort.Id] = cohort;
        return cohort;
    }

    public async Task<bool> DeleteAsync(Guid projectId, Guid cohortId, CancellationToken cancellationToken)
    {
        var cohorts = await LoadAsync(projectId, cancellationToken);
        if (!await store.DeleteAsync(projectId, cohortId, cancellationToken))
        {
            return false;
        }

        cohorts.TryRemove(cohortId, out _);
        return true;
    }

    /// <summary>A query context over the project's current events, for sizes and member lists.</summary>
    public async Task<Result<QueryContext>> ContextAsync(Guid projectId, string timeZone, CancellationToken cancellationToken)
    {
        if (!ZonedCalendar.TryFind(timeZone, out var calendar))
        {
            return Error.Validation("cohort.time_zone_unknown", $"'{timeZone}' is not a known time zone.", "timeZone");
        }

        await LoadAsync(projectId, cancellationToken);
        var snapshot = await events.GetSnapshotAsync(projectId, cancellationToken);
        return new QueryContext(snapshot, persons.Resolve(snapshot), calendar, EventRecord.ToMicros(time.GetUtcNow()), this, cancellationToken);
    }

    /// <summary>
    /// The cohort's size at the end of each <paramref name="interval"/> of <paramref name="range"/>: the rule
    /// evaluated as if it were then (events up to that instant; person properties as they are now).
    /// </summary>
    public Result<CohortSizes> Sizes(CohortDefinition cohort, QueryContext context, DateRange? range, Interval interval)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(context);
        if (interval == Interval.Hour)
        {
            return Error.Validation("cohort.interval_invalid", "Sizes are per day, week or month.", "interval");
        }

        var resolved = context.ResolveRange(range, "-30d");
        if (!resolved.IsSuccess)
        {
            return resolved.Error;
        }

        var buckets = TimeBuckets.Create(context.Calendar, resolved.Value, interval);
        if (!buckets.IsSuccess)
        {
            return buckets.Error;
        }

        if (buckets.Value.Count > MaxSizePoints)
        {
            return Error.Validation("cohort.range_too_long", $"At most {MaxSizePoints} points; choose a longer interval or a shorter range.", "from");
        }

        var bounds = buckets.Value.Bounds;
        var cohorts = _projects.GetValueOrDefault(cohort.ProjectId) ?? new ConcurrentDictionary<Guid, CohortDefinition>();
        var sizes = new int[buckets.Value.Count];
        for (var b = 0; b < sizes.Length; b++)
        {
            // The end of the interval is its last instant, so "in the last N days" ends inside it.
            var then = Math.Min(bounds[b + 1] - 1, context.Now);
            var at = new QueryContext(context.Snapshot, context.Persons, context.Calendar, then, this, context.CancellationToken);
            var members = Evaluate(cohort, at, 0, cohorts);
            if (!members.IsSuccess)
            {
                return members.Error;
            }

            sizes[b] = members.Value.Count;
        }

        return new CohortSizes(interval.ToString().ToLowerInvariant(), buckets.Value.Labels(), sizes);
    }

    /// <summary>The project's cohorts with their sizes now (0 for a cohort whose rule cannot run any more).</summary>
    public async Task<Result<IReadOnlyList<CohortView>>> ListWithSizesAsync(Guid projectId, string timeZone, CancellationToken cancellationToken)
    {
        var context = await ContextAsync(projectId, timeZone, cancellationToken);
        if (!context.IsSuccess)
        {
            return context.Error;
        }

        var views = new List<CohortView>();
        foreach (var cohort in await ListAsync(projectId, cancellationToken))
        {
            var members = Members(cohort, context.Value);
            views.Add(new CohortView(cohort, members.IsSuccess ? members.Value.Count : 0));
        }

        return views;
    }

    /// <summary>The members of a cohort in <paramref name="context"/>.</summary>
    public Result<PersonSet> Members(CohortDefinition cohort, QueryContext context) =>
        Evaluate(cohort, context, 0, _projects.GetValueOrDefault(cohort.ProjectId) ?? new ConcurrentDictionary<Guid, CohortDefinition>());

    public async Task PrepareAsync(Guid projectId, CancellationToken cancellationToken) => await LoadAsync(projectId, cancellationToken);

    public Result<CohortMembers> Resolve(string cohortId, QueryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Guid.TryParse(cohortId, out var id))
        {
            return Error.Validation("query.filter_invalid", $"'{cohortId}' is not a cohort id.", "properties");
        }

        // The query runner read the project's cohorts before the query started (PrepareAsync).
        var cohorts = _projects.GetValueOrDefault(context.Snapshot.ProjectId);
        if (cohorts is null || !cohorts.TryGetValue(id, out var cohort))
        {
            return Error.Validation("query.cohort_unknown", $"No cohort with id {id} in this project.", "properties");
        }

        var members = Evaluate(cohort, context, 0, cohorts);
        return members.IsSuccess ? new CohortMembers(cohort.Name, members.Value) : members.Error;
    }

    private Result<PersonSet> Evaluate(CohortDefinition cohort, QueryContext context, int depth, IReadOnlyDictionary<Guid, CohortDefinition> cohorts)
    {
        if (depth > MaxDepth)
        {
            return Error.Validation("cohort.loop", "Cohorts refer to each other in a loop (or more than 8 deep).", "rule");
        }

        if (cohort.Rule is null)
        {
            var bits = new ulong[(context.PersonSpace + 63) >> 6];
            foreach (var distinctId in cohort.DistinctIds ?? [])
            {
                if (context.Snapshot.DistinctIds.TryGetId(distinctId, out var ordinal))
                {
                    var person = context.PersonOf(ordinal);
                    bits[person >> 6] |= 1UL << person;
                }
            }

            return new PersonSet(bits);
        }

        var evaluator = new CohortEvaluator(
            context,
            (id, nextDepth) => cohorts.TryGetValue(id, out var other) ? Evaluate(other, context, nextDepth, cohorts) : NotFound(id),
            depth);
        return evaluator.Evaluate(cohort.Rule);
    }

    private async Task<ConcurrentDictionary<Guid, CohortDefinition>> LoadAsync(Guid projectId, CancellationToken cancellationToken)
    {
        if (_projects.TryGetValue(projectId, out var loaded))
        {
            return loaded;
        }

        var list = await store.ListAsync(projectId, cancellationToken).ConfigureAwait(false);
        return _projects.GetOrAdd(projectId, _ => new ConcurrentDictionary<Guid, CohortDefinition>(list.ToDictionary(c => c.Id)));
    }

    /// <summary>Every distinct id of the persons a people query selects now.</summary>
    private async Task<Result<IReadOnlyList<string>>> PeopleIdsAsync(Guid projectId, Query.PersonList.PeopleQuery query, string timeZone, CancellationToken cancellationToken)
    {
        var context = await ContextAsync(projectId, string.IsNullOrWhiteSpace(query.TimeZone) ? timeZone : query.TimeZone, cancellationToken);
        if (!context.IsSuccess)
        {
            return context.Error;
        }

        var members = Query.PersonList.PeopleAnalysis.Members(query, context.Value);
        if (!members.IsSuccess)
        {
            return members.Error;
        }

        var ids = new List<string>();
        var distinctIds = context.Value.Snapshot.DistinctIds;
        for (var ordinal = 0; ordinal < distinctIds.Count; ordinal++)
        {
            if (members.Value.Contains(context.Value.PersonOf(ordinal)))
            {
                ids.Add(distinctIds[ordinal]);
            }
        }

        return ids;
    }

    private static Error? Check(CohortInput input)
    {
        if (input is null || string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 100)
        {
            return Error.Validation("cohort.name_invalid", "A cohort needs a name of 1–100 characters.", "name");
        }

        if ((input.Rule is null ? 0 : 1) + (input.DistinctIds is null ? 0 : 1) + (input.Query is null ? 0 : 1) != 1)
        {
            return Error.Validation("cohort.kind_invalid", "Give one of 'rule' (a dynamic cohort), 'distinctIds' or 'query' (a static one).", "rule");
        }

        if (input.DistinctIds is { Count: > 1_000_000 })
        {
            return Error.Validation("cohort.too_large", "A static cohort holds at most 1,000,000 ids.", "distinctIds");
        }

        return null;
    }

    private static IReadOnlyList<string>? Ids(CohortInput input) =>
        input.DistinctIds is null ? null : [.. input.DistinctIds.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct(StringComparer.Ordinal)];

    private static Error NotFound(Guid id) => Error.NotFound("cohort.not_found", $"No cohort with id {id} in this project.");
}

internal static class CohortDictionaryExtensions
{
    /// <summary>A read-only view of <paramref name="cohorts"/> with <paramref name="id"/> set to <paramref name="cohort"/> (the cohort being saved).</summary>
    public static IReadOnlyDictionary<Guid, CohortDefinition> SetItem(this ConcurrentDictionary<Guid, CohortDefinition> cohorts, Guid id, CohortDefinition cohort)
    {
        var copy = new Dictionary<Guid, CohortDefinition>(cohorts) { [id] = cohort };
        return copy;
    }
}
