using Microsoft.EntityFrameworkCore;
using Yunying.Core.Results;
using Yunying.Core.Security;
using Yunying.Core.Tenancy;

namespace Yunying.Data.Tests;

public abstract partial class StateStoreContract
{
    [Fact]
    public async Task CreateProject_ValidInput_CallerBecomesOwnerWithDefaults()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");

        var (project, secretKey) = await CreateProjectAsync(alice, "  Shop  ");

        Assert.Equal("Shop", project.Name);
        Assert.Equal("Asia/Shanghai", project.TimeZone);
        Assert.Equal("CNY", project.Currency);
        Assert.StartsWith(Secrets.WriteKeyPrefix, project.WriteKey, StringComparison.Ordinal);
        Assert.StartsWith(Secrets.SecretKeyPrefix, secretKey, StringComparison.Ordinal);
        Assert.Equal(Secrets.Hash(secretKey), project.SecretKeyHash);
        var members = Succeeded(await ProjectsAsync(s => s.ListMembersAsync(Caller.ForOperator(alice.Id), project.Id, Ct)));
        var owner = Assert.Single(members);
        Assert.Equal((alice.Id, ProjectRole.Owner), (owner.OperatorId, owner.Role));
    }

    [Fact]
    public async Task CreateProject_Owner_StoresRoleByItsWireName()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        await CreateProjectAsync(alice, "Shop");

        await using var db = NewContext();
        var stored = await db.Database.SqlQueryRaw<string>("SELECT role AS \"Value\" FROM project_members").ToListAsync(Ct);

        Assert.Equal(["owner"], stored);
    }

    [Theory]
    [InlineData("", null, null, "name")]
    [InlineData("   ", null, null, "name")]
    [InlineData("Shop", "Mars/Olympus_Mons", null, "timeZone")]
    [InlineData("Shop", null, "RMB", "currency")]
    [InlineData("Shop", null, "XYZ", "currency")]
    public async Task CreateProject_InvalidInput_Validation(string name, string? timeZone, string? currency, string field)
    {
        var alice = await CreateOrganisationOwnerAsync("alice");

        var result = await ProjectsAsync(s => s.CreateAsync(Caller.ForOperator(alice.Id), null, name, timeZone, currency, Ct));

        Assert.Equal(field, Failed(result, ErrorKind.Validation).Field);
        Assert.Empty(await ProjectsAsync(s => s.ListAsync(Caller.ForOperator(alice.Id), Ct)));
    }

    [Fact]
    public async Task CreateProject_LowerCaseCurrency_StoredUpperCase()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");

        var result = await ProjectsAsync(s => s.CreateAsync(Caller.ForOperator(alice.Id), null, "Shop", null, " usd ", Ct));

        Assert.True(result.IsSuccess);
        Assert.Equal("USD", result.Value.Project.Currency);
    }

    [Fact]
    public async Task CreateProject_ExplicitTimeZoneAndCurrency_Kept()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");

        var (project, _) = Succeeded(await ProjectsAsync(s => s.CreateAsync(Caller.ForOperator(alice.Id), null, "Shop", "Europe/Berlin", "EUR", Ct)));

        var stored = Succeeded(await ProjectsAsync(s => s.AuthorizeAsync(Caller.ForOperator(alice.Id), project.Id, _ => true, Ct)));
        Assert.Equal(("Europe/Berlin", "EUR"), (stored.Project.TimeZone, stored.Project.Currency));
    }

    [Fact]
    public async Task CreateProject_OperatorWithoutOrganisation_Validation()
    {
        var alice = await CreateOperatorAsync("alice");

        var result = await ProjectsAsync(s => s.CreateAsync(Caller.ForOperator(alice.Id), null, "Shop", null, null, Ct));

        Assert.Equal("organisation.none", Failed(result, ErrorKind.Validation).Code);
    }

    [Fact]
    public async Task CreateProject_OrganisationOfSomeoneElse_Forbidden()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var bob = await CreateOrganisationOwnerAsync("bob");
        var bobsOrganisation = Assert.Single(await ProjectsAsync(s => s.ListOrganisationsAsync(bob.Id, Ct)));

        var result = await ProjectsAsync(s => s.CreateAsync(Caller.ForOperator(alice.Id), bobsOrganisation.Id, "Shop", null, null, Ct));

        Assert.Equal("organisation.forbidden", Failed(result, ErrorKind.Forbidden).Code);
    }

    [Fact]
    public async Task CreateProject_ProjectKeyCaller_Forbidden()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var (project, _) = await CreateProjectAsync(alice, "Shop");

        var result = await ProjectsAsync(s => s.CreateAsync(Caller.ForProjectKey(project.Id), null, "Another", null, null, Ct));

        Failed(result, ErrorKind.Forbidden);
    }

    [Fact]
    public async Task ListProjects_OperatorWithRoleInSome_ReturnsOnlyThoseOldestFirst()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var bob = await CreateOrganisationOwnerAsync("bob");
        var (aliceFirst, _) = await CreateProjectAsync(alice, "Alice first");
        Clock.Advance(TimeSpan.FromMinutes(1));
        await CreateProjectAsync(bob, "Bob only");
        Clock.Advance(TimeSpan.FromMinutes(1));
        var (shared, _) = await CreateProjectAsync(bob, "Shared");
        await SetMemberAsync(bob, shared.Id, "alice", ProjectRole.Analyst);

        var listed = await ProjectsAsync(s => s.ListAsync(Caller.ForOperator(alice.Id), Ct));

        Assert.Equal(
            [(aliceFirst.Id, ProjectRole.Owner), (shared.Id, ProjectRole.Analyst)],
            listed.Select(a => (a.Project.Id, a.Role)).ToArray());
    }

    [Fact]
    public async Task ListProjects_ProjectKeyCaller_ReturnsOnlyItsProjectAsViewer()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        await CreateProjectAsync(alice, "Other");
        var (project, _) = await CreateProjectAsync(alice, "Shop");

        var listed = await ProjectsAsync(s => s.ListAsync(Caller.ForProjectKey(project.Id), Ct));

        var only = Assert.Single(listed);
        Assert.Equal((project.Id, ProjectRole.Viewer), (only.Project.Id, only.Role));
    }

    [Fact]
    public async Task ProjectOperations_OperatorWithoutRole_Forbidden()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var mallory = await CreateOrganisationOwnerAsync("mallory");
        var (project, _) = await CreateProjectAsync(alice, "Shop");
        var caller = Caller.ForOperator(mallory.Id);

        Failed(await ProjectsAsync(s => s.AuthorizeAsync(caller, project.Id, _ => true, Ct)), ErrorKind.Forbidden);
        Failed(await ProjectsAsync(s => s.UpdateAsync(caller, project.Id, "Mine now", null, null, Ct)), ErrorKind.Forbidden);
        Failed(await ProjectsAsync(s => s.RotateWriteKeyAsync(caller, project.Id, Ct)), ErrorKind.Forbidden);
        Failed(await ProjectsAsync(s => s.RotateSecretKeyAsync(caller, project.Id, Ct)), ErrorKind.Forbidden);
        Failed(await ProjectsAsync(s => s.ListMembersAsync(caller, project.Id, Ct)), ErrorKind.Forbidden);
        Failed(await ProjectsAsync(s => s.SetMemberAsync(caller, project.Id, "mallory", ProjectRole.Owner, Ct)), ErrorKind.Forbidden);

        var unchanged = await ProjectsAsync(s => s.FindByWriteKeyAsync(project.WriteKey, Ct));
        Assert.Equal("Shop", unchanged!.Name);
    }

    [Fact]
    public async Task Authorize_UnknownProject_NotFound()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");

        var result = await ProjectsAsync(s => s.AuthorizeAsync(Caller.ForOperator(alice.Id), Guid.CreateVersion7(), _ => true, Ct));

        Failed(result, ErrorKind.NotFound);
    }

    [Fact]
    public async Task Authorize_ProjectKeyOfAnotherProject_Forbidden()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var (projectA, _) = await CreateProjectAsync(alice, "A");
        var (projectB, _) = await CreateProjectAsync(alice, "B");
        var keyOfB = Caller.ForProjectKey(projectB.Id);

        Failed(await ProjectsAsync(s => s.AuthorizeAsync(keyOfB, projectA.Id, _ => true, Ct)), ErrorKind.Forbidden);
        Failed(await ProjectsAsync(s => s.ListMembersAsync(keyOfB, projectA.Id, Ct)), ErrorKind.Forbidden);
        Succeeded(await ProjectsAsync(s => s.AuthorizeAsync(keyOfB, projectB.Id, _ => true, Ct)));
    }

    [Fact]
    public async Task ManageProject_ProjectKeyOfThatProject_Forbidden()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var (project, _) = await CreateProjectAsync(alice, "Shop");
        var key = Caller.ForProjectKey(project.Id);

        Failed(await ProjectsAsync(s => s.UpdateAsync(key, project.Id, "Renamed", null, null, Ct)), ErrorKind.Forbidden);
        Failed(await ProjectsAsync(s => s.RotateWriteKeyAsync(key, project.Id, Ct)), ErrorKind.Forbidden);
        Failed(await ProjectsAsync(s => s.RotateSecretKeyAsync(key, project.Id, Ct)), ErrorKind.Forbidden);
        Failed(await ProjectsAsync(s => s.SetMemberAsync(key, project.Id, "alice", ProjectRole.Viewer, Ct)), ErrorKind.Forbidden);
        Assert.NotNull(await ProjectsAsync(s => s.FindByWriteKeyAsync(project.WriteKey, Ct)));
    }

    [Fact]
    public async Task UpdateProject_Admin_ChangesOnlyGivenSettings()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var bob = await CreateOperatorAsync("bob");
        var (project, _) = await CreateProjectAsync(alice, "Shop");
        await SetMemberAsync(alice, project.Id, "bob", ProjectRole.Admin);

        Succeeded(await ProjectsAsync(s => s.UpdateAsync(Caller.ForOperator(bob.Id), project.Id, null, "Asia/Tokyo", null, Ct)));

        var stored = await ProjectsAsync(s => s.FindByWriteKeyAsync(project.WriteKey, Ct));
        Assert.Equal(("Shop", "Asia/Tokyo", "CNY"), (stored!.Name, stored.TimeZone, stored.Currency));
    }

    [Fact]
    public async Task UpdateProject_Analyst_Forbidden()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var bob = await CreateOperatorAsync("bob");
        var (project, _) = await CreateProjectAsync(alice, "Shop");
        await SetMemberAsync(alice, project.Id, "bob", ProjectRole.Analyst);

        var result = await ProjectsAsync(s => s.UpdateAsync(Caller.ForOperator(bob.Id), project.Id, "Renamed", null, null, Ct));

        Assert.Equal("project.role_insufficient", Failed(result, ErrorKind.Forbidden).Code);
    }

    [Fact]
    public async Task UpdateProject_InvalidTimeZone_ValidationAndUnchanged()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var (project, _) = await CreateProjectAsync(alice, "Shop");

        var result = await ProjectsAsync(s => s.UpdateAsync(Caller.ForOperator(alice.Id), project.Id, "Renamed", "Nowhere/Town", null, Ct));

        Assert.Equal("timeZone", Failed(result, ErrorKind.Validation).Field);
        var stored = await ProjectsAsync(s => s.FindByWriteKeyAsync(project.WriteKey, Ct));
        Assert.Equal(("Shop", "Asia/Shanghai"), (stored!.Name, stored.TimeZone));
    }

    [Fact]
    public async Task RotateWriteKey_Owner_OldKeyNoLongerFound()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var (project, _) = await CreateProjectAsync(alice, "Shop");
        Clock.Advance(TimeSpan.FromHours(1));

        var rotated = Succeeded(await ProjectsAsync(s => s.RotateWriteKeyAsync(Caller.ForOperator(alice.Id), project.Id, Ct)));

        Assert.NotEqual(project.WriteKey, rotated.Project.WriteKey);
        Assert.StartsWith(Secrets.WriteKeyPrefix, rotated.Project.WriteKey, StringComparison.Ordinal);
        Assert.Null(await ProjectsAsync(s => s.FindByWriteKeyAsync(project.WriteKey, Ct)));
        var found = await ProjectsAsync(s => s.FindByWriteKeyAsync(rotated.Project.WriteKey, Ct));
        Assert.Equal(project.Id, found!.Id);
        Assert.Equal(Clock.GetUtcNow().UtcDateTime, found.KeysRotatedAt);
    }

    [Fact]
    public async Task RotateSecretKey_Owner_NewSecretResolvesAndOldDoesNot()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var (project, oldSecret) = await CreateProjectAsync(alice, "Shop");
        Assert.Equal(project.Id, (await ProjectsAsync(s => s.FindBySecretKeyAsync(oldSecret, Ct)))?.Id);

        var (_, newSecret) = Succeeded(await ProjectsAsync(s => s.RotateSecretKeyAsync(Caller.ForOperator(alice.Id), project.Id, Ct)));

        Assert.NotEqual(oldSecret, newSecret);
        Assert.StartsWith(Secrets.SecretKeyPrefix, newSecret, StringComparison.Ordinal);
        Assert.Equal(project.Id, (await ProjectsAsync(s => s.FindBySecretKeyAsync(newSecret, Ct)))?.Id);
        Assert.Null(await ProjectsAsync(s => s.FindBySecretKeyAsync(oldSecret, Ct)));
        var stored = await ProjectsAsync(s => s.FindByWriteKeyAsync(project.WriteKey, Ct));
        Assert.Equal(Secrets.Hint(newSecret), stored!.SecretKeyHint);
    }

    [Fact]
    public async Task JoinFirstOrganisation_NoneYet_CreatesOneTheOperatorCanCreateProjectsIn()
    {
        var alice = await CreateOperatorAsync("alice");

        var organisationId = await ProjectsAsync(s => s.JoinFirstOrganisationAsync(alice.Id, asOwner: false, Ct));

        Assert.Equal(organisationId, Assert.Single(await ProjectsAsync(s => s.ListOrganisationsAsync(alice.Id, Ct))).Id);
        var (project, _) = await CreateProjectAsync(alice, "Shop");
        Assert.Equal(organisationId, project.OrganisationId);
    }

    [Fact]
    public async Task JoinFirstOrganisation_Existing_JoinsTheOldestOnlyOnce()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        Clock.Advance(TimeSpan.FromMinutes(1));
        await CreateOrganisationOwnerAsync("bob");
        var carol = await CreateOperatorAsync("carol");
        var alicesOrganisation = Assert.Single(await ProjectsAsync(s => s.ListOrganisationsAsync(alice.Id, Ct)));

        var first = await ProjectsAsync(s => s.JoinFirstOrganisationAsync(carol.Id, asOwner: false, Ct));
        var again = await ProjectsAsync(s => s.JoinFirstOrganisationAsync(carol.Id, asOwner: false, Ct));

        Assert.Equal([alicesOrganisation.Id, alicesOrganisation.Id], [first, again]);
        Assert.Single(await ProjectsAsync(s => s.ListOrganisationsAsync(carol.Id, Ct)));
    }
}
