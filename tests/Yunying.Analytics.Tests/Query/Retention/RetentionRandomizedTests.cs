using System.Text.Json;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Retention;

namespace Yunying.Analytics.Tests.Query.Retention;

/// <summary>The engine's retention against <see cref="RetentionReference"/> over many generated datasets and queries.</summary>
public sealed class RetentionRandomizedTests : RandomizedStoreTests
{
    private const int SeedCount = 45;

    public static TheoryData<int> Seeds() => SeedsUpTo(SeedCount);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Retention_RandomDatasetAndQueries_SameAsReference(int seed)
    {
        var ct = TestContext.Current.CancellationToken;
        var (data, now, queries) = Case(seed);
        var context = await data.LoadAsync(Store, Guid.NewGuid(), new Random(seed * 7919), now, ct);
        var personIds = Funnels.FunnelRandomizedTests.PersonIds(data, context);
        var drilledCells = 0;

        for (var q = 0; q < queries.Count; q++)
        {
            var query = queries[q];
            var because = $"seed {seed}, query {q}: {JsonSerializer.Serialize<AnalyticsQuery>(query, QueryJson.Options)}";
            var engine = QueryRunner.Run(query, context);
            Assert.True(engine.IsSuccess, $"{because}: {engine.Error?.Message}");
            var expected = RetentionReference.Run(data, query, now);
            AssertSame(expected, (RetentionResult)engine.Value, because);
            if (Cell(expected, new Random((seed * 131) + q)) is { } cell)
            {
                var drilled = query with { People = cell.Options };
                var answer = QueryRunner.Run(drilled, context);
                Assert.True(answer.IsSuccess, $"{because}, people {cell.Options}: {answer.Error?.Message}");
                var people = ((RetentionResult)answer.Value).People!;
                var reference = RetentionReference.Run(data, drilled, now, personIds);
                Assert.True(people.Total == cell.Value, $"{because}, people {cell.Options}: total {people.Total}, the cell holds {cell.Value}");
                Assert.True(reference.PeopleTotal == people.Total, $"{because}, people {cell.Options}: total {people.Total} vs reference {reference.PeopleTotal}");
                Assert.True(reference.PeopleIds!.SequenceEqual(people.PersonIds), $"{because}, people {cell.Options}: {string.Join(",", people.PersonIds)} vs {string.Join(",", reference.PeopleIds!)}");
                drilledCells++;
            }
        }

        Assert.True(drilledCells > 0, "some cells drilled into");
    }

    /// <summary>A random cell of the answer that has begun, as a people option, and its value.</summary>
    private static (RetentionPeopleOptions Options, long Value)? Cell(RetentionReference.Answer answer, Random random)
    {
        var cells = answer.Matrices
            .SelectMany(m => m.Cohorts.SelectMany(c => c.Values.Select((v, k) => (Matrix: m, Cohort: c, Period: k, Value: v))))
            .ToList();
        if (cells.Count == 0)
        {
            return null;
        }

        // Mostly cells with persons in them, so the lists compared are not all empty.
        var full = cells.Where(c => c.Value > 0).ToList();
        var (matrix, cohort, period, value) = full.Count > 0 && random.NextDouble() < 0.85 ? full[random.Next(full.Count)] : cells[random.Next(cells.Count)];
        var breakdown = matrix.Breakdown is null ? null : new BreakdownBucket(matrix.Breakdown, matrix.BreakdownKind switch
        {
            "none" => BreakdownBucketKind.None,
            "other" => BreakdownBucketKind.Other,
            _ => BreakdownBucketKind.Value,
        });
        return (new RetentionPeopleOptions(cohort.Label, period, breakdown, random.Next(1, 15), random.Next(0, 3)), value);
    }

    [Fact]
    public void RandomCases_CoverWhatTheComparisonNeeds()
    {
        var answers = new List<(RetentionQuery Query, RetentionReference.Answer Answer)>();
        for (var seed = 1; seed <= SeedCount; seed++)
        {
            var (data, now, queries) = Case(seed);
            answers.AddRange(queries.Select(q => (q, RetentionReference.Run(data, q, now))));
        }

        var matrices = answers.SelectMany(a => a.Answer.Matrices.Select(m => (a.Query, Matrix: m))).ToList();
        var cohorts = matrices.SelectMany(m => m.Matrix.Cohorts.Select(c => (m.Query, Cohort: c))).ToList();
        Assert.True(cohorts.Count(c => c.Cohort.Size > 0) > cohorts.Count / 5, $"many cohorts have persons: {cohorts.Count(c => c.Cohort.Size > 0)} of {cohorts.Count}");
        Assert.True(cohorts.Count(c => c.Cohort.Values.Skip(1).Any(v => v > 0) && c.Query.ReturnMode == RetentionReturn.On) > 30, "returns counted on");
        Assert.True(cohorts.Count(c => c.Cohort.Values.Skip(1).Any(v => v > 0) && c.Query.ReturnMode == RetentionReturn.OnOrAfter) > 30, "returns counted on or after");
        Assert.True(cohorts.Count(c => c.Cohort.Values.Skip(1).Any(v => v > 0) && c.Query.RetentionType == RetentionType.FirstTime) > 30, "first-time cohorts that return");
        Assert.True(cohorts.Count(c => c.Cohort.LastIncomplete) > 20, "incomplete last periods");
        Assert.True(cohorts.Count(c => c.Cohort.Values.Length == 0) > 5, "cohorts not begun");
        Assert.True(matrices.Count(m => m.Matrix.BreakdownKind == "none") > 5, "(none) buckets");
        Assert.True(matrices.Count(m => m.Matrix.BreakdownKind == "other") > 5, "(other) buckets");
        Assert.True(answers.Count(a => a.Query.Period == Interval.Week && a.Answer.Matrices.Any(m => m.Cohorts.Any(c => c.Size > 0))) > 20, "weekly cohorts");
        Assert.True(answers.Count(a => a.Query.Period == Interval.Month && a.Answer.Matrices.Any(m => m.Cohorts.Any(c => c.Size > 0))) > 10, "monthly cohorts");
        Assert.True(answers.Count(a => a.Query.StartEvent?.Event == a.Query.ReturnEvent?.Event) > 30, "the same start and return event");
        Assert.True(matrices.Any(m => m.Matrix.Cohorts.Any(c => c.Label is "2026-11-01" or "2026-03-08" or "2026-10-26" or "2026-03-02")), "DST days and weeks");
        Assert.True(answers.Count(a => a.Answer.Matrices.Count > 0 && a.Answer.Matrices[0].Cohorts.Count + a.Answer.Periods > 64 && a.Answer.Matrices.Any(m => m.Cohorts.Any(c => c.Values.Skip(1).Any(v => v > 0)))) > 5, "more than 64 buckets");
    }

    /// <summary>Seed → dataset, "now" and the queries to compare.</summary>
    private static (PlainDataset Data, long Now, List<RetentionQuery> Queries) Case(int seed)
    {
        var random = new Random(seed);
        var (data, now) = RandomParts.Dataset(seed, random);
        var queries = new List<RetentionQuery>();
        for (var i = 0; i < 8; i++)
        {
            var period = RandomParts.Interval(random);
            var startEvent = RandomParts.Event(random);
            var startFilters = RandomParts.Filters(random, random.NextDouble() < 0.6 ? 0 : 1);
            var same = random.NextDouble() < 0.45;
            queries.Add(new RetentionQuery
            {
                DateRange = RandomParts.Range(random, data.Middle, period),
                Period = period,
                Periods = random.NextDouble() < 0.4 ? null : random.Next(1, period == Interval.Day ? 12 : 6),
                RetentionType = random.NextDouble() < 0.5 ? RetentionType.FirstTime : RetentionType.Recurring,
                ReturnMode = random.NextDouble() < 0.5 ? RetentionReturn.On : RetentionReturn.OnOrAfter,
                StartEvent = new RetentionEvent { Event = startEvent, Properties = startFilters },
                ReturnEvent = same
                    ? new RetentionEvent { Event = startEvent, Properties = startFilters }
                    : new RetentionEvent { Event = RandomParts.Event(random), Properties = RandomParts.Filters(random, random.NextDouble() < 0.7 ? 0 : 1) },
                Properties = RandomParts.Filters(random, random.NextDouble() < 0.7 ? 0 : 1),
                Breakdown = RandomParts.Breakdown(random),
            });
        }

        return (data, now, queries);
    }

    private static void AssertSame(RetentionReference.Answer expected, RetentionResult actual, string because)
    {
        Assert.True(expected.Periods == actual.Periods, $"{because}\nperiods: expected {expected.Periods}, got {actual.Periods}");
        Assert.True(
            expected.Matrices.Count == actual.Matrices.Count,
            $"{because}\nmatrices: expected [{string.Join(", ", expected.Matrices.Select(m => m.Breakdown))}], got [{string.Join(", ", actual.Matrices.Select(m => m.Breakdown?.Label))}]");
        for (var i = 0; i < expected.Matrices.Count; i++)
        {
            var e = expected.Matrices[i];
            var a = actual.Matrices[i];
            var where = $"{because}\nmatrix {i} ({e.Breakdown})";
            Assert.True(e.Breakdown == a.Breakdown?.Label && e.BreakdownKind == a.Breakdown?.Kind.ToString().ToLowerInvariant(), $"{where}: breakdown {a.Breakdown}");
            Assert.True(e.Cohorts.Count == a.Cohorts.Count, $"{where}: cohorts {string.Join(",", e.Cohorts.Select(c => c.Label))} vs {string.Join(",", a.Cohorts.Select(c => c.Label))}");
            for (var c = 0; c < e.Cohorts.Count; c++)
            {
                var ec = e.Cohorts[c];
                var ac = a.Cohorts[c];
                var row = $"{where}, cohort {ec.Label}";
                Assert.True(ec.Label == ac.Label, $"{row}: label {ac.Label}");
                Assert.True(ec.Size == ac.Size, $"{row}: size {ec.Size} vs {ac.Size}");
                Assert.True(ec.Values.SequenceEqual(ac.Values), $"{row}: values\n{string.Join(",", ec.Values)}\n{string.Join(",", ac.Values)}");
                Assert.True(ec.LastIncomplete == ac.LastIncomplete, $"{row}: last incomplete {ac.LastIncomplete}");
                Assert.True(ac.Percentages.Count == ac.Values.Count && ac.Values.Zip(ac.Percentages).All(p => RandomParts.Close(p.Second, ec.Size == 0 ? 0 : 100.0 * p.First / ec.Size)), $"{row}: percentages");
            }

            Assert.True(e.Means.Count == a.Mean.Count, $"{where}: mean length");
            for (var k = 0; k < e.Means.Count; k++)
            {
                var em = e.Means[k];
                var am = a.Mean[k];
                Assert.True(
                    em.Period == am.Period && em.Cohorts == am.Cohorts && em.Size == am.Size && em.Retained == am.Retained
                        && (em.Percentage is null ? am.Percentage is null : am.Percentage is { } p && RandomParts.Close(p, em.Percentage.Value)),
                    $"{where}: mean {k}: expected {em}, got {am}");
            }
        }
    }
}
