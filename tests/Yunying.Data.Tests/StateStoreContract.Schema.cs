using Microsoft.EntityFrameworkCore;
using Yunying.Data.Operators;

namespace Yunying.Data.Tests;

public abstract partial class StateStoreContract
{
    /// <summary>
    /// There is no model snapshot, so nothing else notices an entity change that lacks a migration: the
    /// migrated schema must equal the one EF would create from the model.
    /// </summary>
    [Fact]
    public async Task Migrate_FreshDatabase_SchemaMatchesModel()
    {
        var modelStore = await CreateEmptyStoreAsync(Ct);
        await using var fromModel = NewContext(modelStore);
        Assert.True(await fromModel.Database.EnsureCreatedAsync(Ct));
        await using var migrated = NewContext();

        var expected = await DescribeSchemaAsync(fromModel, Ct);
        var actual = await DescribeSchemaAsync(migrated, Ct);

        Assert.Contains("table operators", expected);
        var notMigrated = expected.Except(actual).ToList();
        var notInModel = actual.Except(expected).ToList();
        Assert.True(
            notMigrated.Count == 0 && notInModel.Count == 0,
            "The migrations do not build the model's schema; write a migration for the model change.\n"
                + $"In the model but not migrated:\n  {string.Join("\n  ", notMigrated)}\n"
                + $"Migrated but not in the model:\n  {string.Join("\n  ", notInModel)}");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Migrate_SecondRun_NothingPendingAndSchemaUnchanged()
    {
        await using var db = NewContext();
        var before = await DescribeSchemaAsync(db, Ct);

        await Store.MigrateAsync(db, Ct);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal(before, await DescribeSchemaAsync(db, Ct));
    }

    [Fact]
    public async Task DateTimes_RoundTrip_ComeBackAsUtcWithMicroseconds()
    {
        Clock.Advance(TimeSpan.FromTicks(1_234_560));
        var created = await CreateOperatorAsync("alice");
        for (var i = 0; i < OperatorService.MaxFailedLogins; i++)
        {
            await OperatorsAsync(s => s.SignInAsync("alice", "not the password", Ct));
        }

        Succeeded(await TokensAsync(s => s.CreateAsync(created.Id, "deploy", 7, Ct)));

        var stored = await OperatorsAsync(s => s.FindAsync(created.Id, Ct));
        var token = Assert.Single(await TokensAsync(s => s.ListAsync(created.Id, Ct)));
        var now = Clock.GetUtcNow().UtcDateTime;
        Assert.All([stored!.CreatedAt, stored.LockedUntil!.Value, token.CreatedAt, token.ExpiresAt!.Value], t => Assert.Equal(DateTimeKind.Utc, t.Kind));
        Assert.Equal(now, stored.CreatedAt);
        Assert.Equal(now + OperatorService.LockoutDuration, stored.LockedUntil);
        Assert.Equal(now.AddDays(7), token.ExpiresAt);
    }

    [Fact]
    public async Task DateTimes_QueriedByRange_CompareAsInstants()
    {
        await CreateOperatorAsync("early");
        Clock.Advance(TimeSpan.FromHours(10));
        await CreateOperatorAsync("late");
        var cutoff = Clock.GetUtcNow().UtcDateTime - TimeSpan.FromHours(1);

        await using var db = NewContext();
        var after = await db.Operators.Where(o => o.CreatedAt > cutoff).Select(o => o.UserName).ToListAsync(Ct);

        Assert.Equal(["late"], after);
    }
}
