using Microsoft.EntityFrameworkCore;
using Yunying.Core.Results;
using Yunying.Core.Tenancy;
using Yunying.Data.Operators;
using Yunying.Data.Tenancy;
using Yunying.Testing;

namespace Yunying.Data.Tests;

/// <summary>
/// The state store's behaviour, written once and run against every provider: each concrete subclass
/// supplies empty databases of its kind, and every test starts from a freshly migrated one.
/// </summary>
public abstract partial class StateStoreContract : IAsyncLifetime
{
    protected const string Password = "correct horse battery";

    private IStateStoreProvider? _store;

    protected ManualClock Clock { get; } = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected IStateStoreProvider Store => _store ?? throw new InvalidOperationException("The test database is not set up yet.");

    public async ValueTask InitializeAsync()
    {
        _store = await CreateEmptyStoreAsync(Ct);
        await using var db = NewContext(_store);
        await _store.MigrateAsync(db, Ct);
    }

    public abstract ValueTask DisposeAsync();

    /// <summary>A provider for a new, empty database of this kind; the subclass removes it when the test ends.</summary>
    protected abstract Task<IStateStoreProvider> CreateEmptyStoreAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The schema as sorted lines (tables, columns, indexes, keys), without names that differ harmlessly
    /// between migrations and the model, and without EF's own bookkeeping tables.
    /// </summary>
    protected abstract Task<IReadOnlyList<string>> DescribeSchemaAsync(YunyingDbContext db, CancellationToken cancellationToken);

    protected static YunyingDbContext NewContext(IStateStoreProvider store)
    {
        var options = new DbContextOptionsBuilder<YunyingDbContext>();
        store.Configure(options);
        return new YunyingDbContext(options.Options);
    }

    /// <summary>A context of its own per call, as each request gets one, so what a test reads back comes from the database.</summary>
    protected YunyingDbContext NewContext() => NewContext(Store);

    protected async Task<T> OperatorsAsync<T>(Func<OperatorService, Task<T>> action)
    {
        await using var db = NewContext();
        return await action(new OperatorService(db, Clock));
    }

    protected async Task<T> ProjectsAsync<T>(Func<ProjectService, Task<T>> action)
    {
        await using var db = NewContext();
        return await action(new ProjectService(db, Clock));
    }

    protected async Task<T> TokensAsync<T>(Func<PersonalTokenService, Task<T>> action)
    {
        await using var db = NewContext();
        return await action(new PersonalTokenService(db, Clock));
    }

    protected async Task<Operator> CreateOperatorAsync(string userName)
    {
        var created = await OperatorsAsync(s => s.CreateAsync(userName, Password, isAdministrator: false, displayName: null, Ct));
        return Succeeded(created);
    }

    /// <summary>An operator who owns an organisation, and so may create projects.</summary>
    protected async Task<Operator> CreateOrganisationOwnerAsync(string userName)
    {
        var account = await CreateOperatorAsync(userName);
        await ProjectsAsync(s => s.CreateOrganisationAsync($"{userName}'s company", account.Id, Ct));
        return account;
    }

    protected async Task<(Project Project, string SecretKey)> CreateProjectAsync(Operator owner, string name)
    {
        var created = await ProjectsAsync(s => s.CreateAsync(Caller.ForOperator(owner.Id), null, name, null, null, Ct));
        return Succeeded(created);
    }

    protected async Task<MemberView> SetMemberAsync(Operator actor, Guid projectId, string userName, ProjectRole role)
    {
        var set = await ProjectsAsync(s => s.SetMemberAsync(Caller.ForOperator(actor.Id), projectId, userName, role, Ct));
        return Succeeded(set);
    }

    protected static T Succeeded<T>(Result<T> result)
    {
        Assert.True(result.IsSuccess, result.Error is { } error ? $"{error.Kind} {error.Code}: {error.Message}" : null);
        return result.Value;
    }

    protected static Error Failed<T>(Result<T> result, ErrorKind kind)
    {
        Assert.False(result.IsSuccess, "Expected a failure, but the call succeeded.");
        Assert.Equal(kind, result.Error.Kind);
        return result.Error;
    }
}
